import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface LockoutPolicy {
  /** Consecutive failures that start a lock. */
  threshold: number;
  /** The first lock, doubled for each further failure. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** Failures older than this no longer count. */
  forgetAfterSeconds: number;
}

export type Reservation =
  /** `locksForSeconds`: the lock this attempt starts if it fails (the threshold reached). */
  { allowed: true; locksForSeconds?: number } | { allowed: false; retryAfterSeconds: number };

/**
 * The per-account failure counter in Postgres (so it survives a Redis outage and is shared by every
 * replica). An attempt is counted *before* the password is checked, in one statement that refuses it
 * while the account is locked: concurrent guesses cannot slip past the lock, and a success resets it.
 */
@Injectable()
export class LoginLockoutRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async reserve(
    key: Buffer,
    policy: LockoutPolicy,
    now: Date,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Reservation> {
    const rows = await em.query<Array<{ locked_until: Date | null }>>(
      `INSERT INTO login_attempts AS a (key_hash, failures, last_failure_at, updated_at)
         VALUES ($1, 1, $2::timestamptz, $2::timestamptz)
       ON CONFLICT (key_hash) DO UPDATE SET
         failures = CASE WHEN a.last_failure_at < $2::timestamptz - make_interval(secs => $5::float8)
                         THEN 1 ELSE a.failures + 1 END,
         locked_until = CASE
           WHEN a.last_failure_at >= $2::timestamptz - make_interval(secs => $5::float8)
                AND a.failures + 1 >= $3::int
           THEN $2::timestamptz + make_interval(secs => least($6::float8, $4::float8 * power(2, a.failures + 1 - $3::int)))
           ELSE NULL END,
         last_failure_at = $2::timestamptz,
         updated_at = $2::timestamptz
       WHERE a.locked_until IS NULL OR a.locked_until <= $2::timestamptz
       RETURNING locked_until`,
      [key, now, policy.threshold, policy.baseLockSeconds, policy.forgetAfterSeconds, policy.maxLockSeconds],
    );
    const [reserved] = rows;
    if (reserved) {
      const until = reserved.locked_until?.getTime();
      return until === undefined
        ? { allowed: true }
        : { allowed: true, locksForSeconds: Math.round((until - now.getTime()) / 1000) };
    }
    const [lock] = await em.query<Array<{ locked_until: Date | null }>>(
      `SELECT locked_until FROM login_attempts WHERE key_hash = $1`,
      [key],
    );
    const until = lock?.locked_until?.getTime() ?? now.getTime() + 1000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
  }

  async reset(key: Buffer, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`DELETE FROM login_attempts WHERE key_hash = $1`, [key]);
  }
}
