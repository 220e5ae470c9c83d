import { Injectable, Logger } from '@nestjs/common';
import { hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../config';
import { readOrCreateSecretFile } from './secret-file';

/**
 * The service's master secret (`MFA_ENCRYPTION_KEY`, 32 bytes) and the purpose-bound keys derived
 * from it with HKDF-SHA-256: the TOTP secret encryption key, and the keys of the keyed hashes that
 * stand for one-time codes, destinations and login counters. In development, when the variable is
 * unset, a key is generated once into DATA_DIR and reused.
 */
@Injectable()
export class SecretKeys {
  private readonly master: Buffer;
  private readonly derived = new Map<string, Buffer>();

  constructor(config: AppConfig) {
    if (config.mfaEncryptionKey !== undefined) {
      this.master = Buffer.from(config.mfaEncryptionKey, 'base64');
    } else {
      const { value, created } = readOrCreateSecretFile(config.dataDir, 'mfa-encryption.key', () =>
        randomBytes(32).toString('base64'),
      );
      if (created)
        new Logger(SecretKeys.name).warn(`generated a development MFA_ENCRYPTION_KEY in ${config.dataDir}`);
      this.master = Buffer.from(value.trim(), 'base64');
    }
  }

  /** A 32-byte key for one purpose; the same purpose always yields the same key. */
  key(purpose: string): Buffer {
    let key = this.derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `auth-service:${purpose}`, 32));
      this.derived.set(purpose, key);
    }
    return key;
  }
}
