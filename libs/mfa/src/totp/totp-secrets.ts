import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ScureBase32Plugin } from 'otplib';
import { SecretKeys } from '@app/core';
import { MfaUnavailableException } from '../mfa.errors';
import { open, seal, SecretCipherError } from './secret-cipher';

/** RFC 4226 recommends 160 bits, the size of an HMAC-SHA-1 key. */
const SECRET_BYTES = 20;

const base32 = new ScureBase32Plugin();

/**
 * TOTP secrets: drawn from the CSPRNG, and sealed at rest under a key derived from
 * MFA_ENCRYPTION_KEY, bound to the user they belong to.
 */
@Injectable()
export class TotpSecrets {
  private readonly logger = new Logger(TotpSecrets.name);
  private readonly key: Buffer;

  constructor(keys: SecretKeys) {
    this.key = keys.key('totp-secret');
  }

  /** A new secret, and its base32 form for authenticator apps. */
  generate(): { secret: Buffer; base32: string } {
    const secret = randomBytes(SECRET_BYTES);
    return { secret, base32: base32.encode(secret) };
  }

  seal(userId: string, secret: Buffer): Buffer {
    return seal(this.key, secret, `mfa_factors:${userId}`);
  }

  /**
   * The secret, or a 503: a secret that does not open means the key is not the one it was sealed
   * with, and no code may be accepted until an operator restores it.
   */
  open(userId: string, sealed: Buffer): Buffer {
    try {
      return open(this.key, sealed, `mfa_factors:${userId}`);
    } catch (error) {
      if (!(error instanceof SecretCipherError)) throw error;
      this.logger.error(
        'a TOTP secret cannot be decrypted: MFA_ENCRYPTION_KEY does not match the key the secrets were ' +
          'encrypted with; second-factor checks answer 503 until the original key is restored',
      );
      throw new MfaUnavailableException();
    }
  }
}
