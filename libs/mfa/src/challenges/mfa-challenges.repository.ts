import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { FirstFactor, MfaChallenge } from './mfa-challenge.entity';

/** Wrong codes an `mfa_token` survives; the one that reaches this number kills it. */
export const MAX_CHALLENGE_FAILURES = 5;

export interface NewChallenge {
  userId: string;
  tokenHash: Buffer;
  firstFactor: FirstFactor;
  createdAt: Date;
  expiresAt: Date;
}

/** Pending second steps of sign-ins, found by the SHA-256 of their `mfa_token`. */
@Injectable()
export class MfaChallengesRepository {
  constructor(@InjectRepository(MfaChallenge) private readonly challenges: Repository<MfaChallenge>) {}

  async insert(challenge: NewChallenge, em?: EntityManager): Promise<void> {
    await (em ? em.getRepository(MfaChallenge) : this.challenges).insert(challenge);
  }

  /** The challenge, if it may still be answered: unused, unexpired, not worn out by wrong codes. */
  findLive(tokenHash: Buffer, now: Date): Promise<MfaChallenge | null> {
    return this.challenges.findOneBy({ tokenHash, ...live(now) });
  }

  /** The same, locked until the transaction ends: answers to one challenge run one at a time. */
  lockLive(em: EntityManager, id: string, now: Date): Promise<MfaChallenge | null> {
    return em
      .getRepository(MfaChallenge)
      .findOne({ where: { id, ...live(now) }, lock: { mode: 'pessimistic_write' } });
  }

  async recordFailure(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE mfa_challenges SET attempts = attempts + 1 WHERE id = $1 AND consumed_at IS NULL`,
      [id],
    );
  }

  /** Spends the challenge; of two concurrent successes only one gets `true`. */
  async consume(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const [rows] = await em.query<[Array<{ id: string }>, number]>(
      `UPDATE mfa_challenges SET consumed_at = $2
        WHERE id = $1 AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3
        RETURNING id`,
      [id, now, MAX_CHALLENGE_FAILURES],
    );
    return rows.length === 1;
  }
}

function live(now: Date) {
  return { consumedAt: IsNull(), expiresAt: MoreThan(now), attempts: LessThan(MAX_CHALLENGE_FAILURES) };
}
