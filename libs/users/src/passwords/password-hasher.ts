import { Injectable, OnModuleInit } from '@nestjs/common';
import { compare, getRounds, hash } from 'bcrypt';
import { createHmac, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { AppConfig, ServiceUnavailableException } from '@app/core';
import { BoundedConcurrency, ConcurrencyLimitReached } from './bounded-concurrency';

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
 * bcrypt keeps a core busy for the whole hash, so one hash per core at a time gets all the
 * throughput there is (more would only share the cores) and leaves the libuv pool's other threads
 * (see apps/auth-service/src/thread-pool.ts) free for the file, DNS and crypto work of other
 * requests. Up to MAX_WAITING hashes wait their turn (16 per thread: a few seconds of work at cost
 * 12, enough for bursts such as many tabs or users signing in at once); beyond that a request is
 * answered 503 at once.
 */
export const HASHING_THREADS = Math.max(1, availableParallelism());
export const MAX_WAITING = Math.max(32, HASHING_THREADS * 16);

/**
 * Password hashing with bcrypt at `BCRYPT_COST`, always through bcrypt's asynchronous API so
 * that hashing runs on the libuv thread pool and never blocks the event loop, and through a
 * bounded queue, so that a flood of logins is refused quickly with 503 `service_unavailable`
 * instead of waiting longer and longer while it holds the pool every other request needs.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly cost: number;
  private readonly slots = new BoundedConcurrency(HASHING_THREADS, MAX_WAITING);
  private dummyHash: Promise<string> | undefined;

  constructor(config: AppConfig) {
    this.cost = config.passwords.bcryptCost;
  }

  async onModuleInit(): Promise<void> {
    await this.dummy();
  }

  hash(password: string): Promise<string> {
    return this.inTurn(() => hash(prehash(password), this.cost));
  }

  /** False for a wrong password and for a stored value that is not a bcrypt hash. */
  verify(password: string, passwordHash: string): Promise<boolean> {
    return this.inTurn(() => compare(prehash(password), passwordHash));
  }

  /**
   * The work of `verify` when no account matches, so that timing does not tell whether an
   * account exists. Always false.
   */
  async verifyAgainstDummy(password: string): Promise<boolean> {
    const dummy = await this.dummy();
    await this.inTurn(() => compare(prehash(password), dummy));
    return false;
  }

  /**
   * Throws the 503 a hash would get now. For flows that do other work (queries, policy checks)
   * before hashing: a flood is then refused before any of it.
   */
  refuseIfBusy(): void {
    const refusal = this.busyRefusal();
    if (refusal) throw refusal;
  }

  /** The 503 a hash would get now, or nothing while a place is free. */
  busyRefusal(): ServiceUnavailableException | undefined {
    return this.slots.full ? overloaded() : undefined;
  }

  /** True when the hash was made with another cost than the configured one (or is not bcrypt). */
  needsRehash(passwordHash: string): boolean {
    try {
      return getRounds(passwordHash) !== this.cost;
    } catch {
      return true;
    }
  }

  /** Runs a hash in its turn; 503 with `Retry-After` when too many already wait. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(work);
    } catch (error) {
      throw error instanceof ConcurrencyLimitReached ? overloaded() : error;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash(prehash(randomBytes(32).toString('base64')), this.cost);
    return this.dummyHash;
  }
}

function overloaded(): ServiceUnavailableException {
  return new ServiceUnavailableException('Too many password checks are in progress; retry shortly.', 1);
}

/**
 * NFKC first, as NIST SP 800-63B advises, so that the same password typed on keyboards that
 * compose accents differently is the same password.
 */
function prehash(password: string): string {
  return createHmac('sha384', PREHASH_KEY).update(password.normalize('NFKC'), 'utf8').digest('base64');
}
