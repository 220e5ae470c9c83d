import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, keyedHash, SecretKeys } from '@app/core';
import { LockoutPolicy, LoginLockoutRepository, Reservation } from './login-lockout.repository';

/** 5 failures lock for 30 s, then each further failure doubles the lock, up to 15 minutes. */
export const LOGIN_LOCKOUT_POLICY: LockoutPolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  forgetAfterSeconds: 24 * 3600,
};

/**
 * Account lockout keyed by a keyed hash of the normalised email, so that unknown addresses go
 * through the same steps and no address is stored.
 */
@Injectable()
export class LoginLockout {
  private readonly hashKey: Buffer;

  constructor(
    private readonly repository: LoginLockoutRepository,
    private readonly clock: Clock,
    keys: SecretKeys,
  ) {
    this.hashKey = keys.key('login-attempts');
  }

  keyFor(normalizedEmail: string): Buffer {
    return keyedHash(this.hashKey, normalizedEmail);
  }

  /**
   * The second-factor counter of an account: separate from the password one, so that a correct
   * password (which resets that one) never buys fresh guesses at the code; only a successful
   * second factor resets it.
   */
  secondFactorKeyFor(userId: string): Buffer {
    return keyedHash(this.hashKey, 'second-factor', userId);
  }

  /** Counts an attempt before its outcome is known; in the caller's transaction when given. */
  reserve(key: Buffer, em?: EntityManager): Promise<Reservation> {
    return this.repository.reserve(key, LOGIN_LOCKOUT_POLICY, this.clock.now(), em);
  }

  reset(key: Buffer, em?: EntityManager): Promise<void> {
    return this.repository.reset(key, em);
  }
}
