import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ChallengePurpose } from './webauthn-challenge.entity';

export interface NewWebAuthnChallenge {
  purpose: ChallengePurpose;
  challenge: string;
  userId: string | null;
  mfaChallengeId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface ConsumedChallenge {
  purpose: ChallengePurpose;
  challenge: string;
  userId: string | null;
  mfaChallengeId: string | null;
}

/** Challenges of WebAuthn ceremonies. Each is spent by one conditional UPDATE, whatever comes next. */
@Injectable()
export class WebAuthnChallengesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(challenge: NewWebAuthnChallenge): Promise<string> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO webauthn_challenges (purpose, challenge, user_id, mfa_challenge_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        challenge.purpose,
        challenge.challenge,
        challenge.userId,
        challenge.mfaChallengeId,
        challenge.createdAt,
        challenge.expiresAt,
      ],
    );
    return rows[0]!.id;
  }

  /**
   * Spends a live challenge issued for one of `purposes`; of two concurrent uses only one gets it.
   * A challenge is spent even when the response then fails: each works once.
   */
  async consume(
    id: string,
    purposes: ChallengePurpose[],
    now: Date,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ConsumedChallenge | undefined> {
    const [rows] = await em.query<
      [
        Array<{
          purpose: ChallengePurpose;
          challenge: string;
          user_id: string | null;
          mfa_challenge_id: string | null;
        }>,
        number,
      ]
    >(
      `UPDATE webauthn_challenges SET consumed_at = $3
        WHERE id = $1 AND purpose = ANY($2) AND consumed_at IS NULL AND expires_at > $3
        RETURNING purpose, challenge, user_id, mfa_challenge_id`,
      [id, purposes, now],
    );
    const row = rows[0];
    return (
      row && {
        purpose: row.purpose,
        challenge: row.challenge,
        userId: row.user_id,
        mfaChallengeId: row.mfa_challenge_id,
      }
    );
  }

  /**
   * Drops a batch of challenges past their life, which are of no use to anyone. Rows another
   * request is dropping are skipped, so that concurrent calls never wait on each other.
   */
  async deleteExpired(now: Date): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webauthn_challenges WHERE id IN (
         SELECT id FROM webauthn_challenges WHERE expires_at < $1 LIMIT 100 FOR UPDATE SKIP LOCKED)`,
      [now],
    );
  }
}
