import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { tokenHash } from '@app/core';

const TOKEN_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Refresh tokens: 256 random bits, base64url. Only their SHA-256 is stored. On rotation the child
 * is sealed (AES-256-GCM) under a key derived from the parent token itself, so a client that
 * presents the parent again within the reuse interval can be handed the current token, while a
 * copy of the database alone yields nothing usable.
 */
@Injectable()
export class RefreshTokenCodec {
  generate(): string {
    return randomBytes(TOKEN_BYTES).toString('base64url');
  }

  isWellFormed(token: string): boolean {
    return TOKEN_SHAPE.test(token);
  }

  hash(token: string): Buffer {
    return tokenHash(token);
  }

  sealSuccessor(parent: string, child: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', successorKey(parent), iv);
    const sealed = Buffer.concat([cipher.update(child, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  openSuccessor(parent: string, sealed: Buffer): string | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', successorKey(parent), sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function successorKey(parent: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(parent, 'utf8'), Buffer.alloc(0), 'auth-service:refresh-successor', 32),
  );
}
