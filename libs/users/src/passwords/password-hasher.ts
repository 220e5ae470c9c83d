import { Injectable, OnModuleInit } from '@nestjs/common';
import { compare, getRounds, hash } from 'bcrypt';
import { createHmac, randomBytes } from 'node:crypto';
import { AppConfig } from '@app/core';

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passwords that share a prefix
 * would be one password. Each password is therefore first reduced to
 * base64(HMAC-SHA-384(PREHASH_KEY, password)): 64 ASCII characters, under the limit and free of
 * the NUL bytes at which bcrypt stops reading, so every character of the password counts.
 *
 * The key is a fixed domain separator, not a secret: the stored hash is as strong as bcrypt
 * makes it, and there is no pepper whose loss would lock every account out. Keying the pre-hash
 * still keeps unsalted SHA-384 digests leaked by other systems from being tried against these
 * bcrypt hashes as if they were passwords ("password shucking"). Changing the key or the
 * normalisation below invalidates every stored hash.
 */
const PREHASH_KEY = 'auth-service/password-prehash/v1';

/**
 * Password hashing with bcrypt at `BCRYPT_COST`, always through bcrypt's asynchronous API so
 * that hashing runs on the libuv thread pool and never blocks the event loop.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly cost: number;
  private dummyHash: Promise<string> | undefined;

  constructor(config: AppConfig) {
    this.cost = config.passwords.bcryptCost;
  }

  async onModuleInit(): Promise<void> {
    await this.dummy();
  }

  hash(password: string): Promise<string> {
    return hash(prehash(password), this.cost);
  }

  /** False for a wrong password and for a stored value that is not a bcrypt hash. */
  verify(password: string, passwordHash: string): Promise<boolean> {
    return compare(prehash(password), passwordHash);
  }

  /**
   * The work of `verify` when no account matches, so that timing does not tell whether an
   * account exists. Always false.
   */
  async verifyAgainstDummy(password: string): Promise<boolean> {
    await compare(prehash(password), await this.dummy());
    return false;
  }

  /** True when the hash was made with another cost than the configured one (or is not bcrypt). */
  needsRehash(passwordHash: string): boolean {
    try {
      return getRounds(passwordHash) !== this.cost;
    } catch {
      return true;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash(prehash(randomBytes(32).toString('base64')), this.cost);
    return this.dummyHash;
  }
}

/**
 * NFKC first, as NIST SP 800-63B advises, so that the same password typed on keyboards that
 * compose accents differently is the same password.
 */
function prehash(password: string): string {
  return createHmac('sha384', PREHASH_KEY).update(password.normalize('NFKC'), 'utf8').digest('base64');
}
