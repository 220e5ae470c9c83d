import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { OneTimeCode } from './one-time-code.entity';
import type { OtpChannel, OtpPurpose } from './otp.types';

export interface NewOneTimeCode {
  userId: string | null;
  purpose: OtpPurpose;
  channel: OtpChannel;
  destinationHash: Buffer;
  codeHash: Buffer;
  maxAttempts: number;
  now: Date;
  expiresAt: Date;
}

/**
 * The stored codes. Every step runs inside `transaction`: issuing under the destination's advisory
 * lock, checking with the code's row locked, so that no two requests read the same state and both act.
 */
@Injectable()
export class OneTimeCodesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Takes the destination's lock (whatever the purpose) until the transaction ends, or answers
   * false at once when another issue to it holds the lock. Waiting would pin a pooled connection
   * behind a slow delivery; and an issue in flight means the cooldown refuses this one anyway.
   */
  async tryLockDestination(em: EntityManager, destinationHash: Buffer): Promise<boolean> {
    const key = destinationHash.readBigInt64BE(0).toString();
    const [row] = await em.query<Array<{ locked: boolean }>>(
      'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked',
      [key],
    );
    return row?.locked === true;
  }

  /** When codes were issued to the destination since `since`: newest first, at most `limit` of them. */
  async issuedSince(em: EntityManager, destinationHash: Buffer, since: Date, limit: number): Promise<Date[]> {
    const rows = await em.query<Array<{ created_at: Date }>>(
      `SELECT created_at FROM one_time_codes
        WHERE destination_hash = $1 AND created_at > $2
        ORDER BY created_at DESC
        LIMIT $3`,
      [destinationHash, since, limit],
    );
    return rows.map((row) => row.created_at);
  }

  /** Invalidates the open code of the same purpose and destination, then stores the new one. */
  async replaceOpen(em: EntityManager, code: NewOneTimeCode): Promise<void> {
    const codes = em.getRepository(OneTimeCode);
    await codes.update(
      {
        purpose: code.purpose,
        channel: code.channel,
        destinationHash: code.destinationHash,
        consumedAt: IsNull(),
        invalidatedAt: IsNull(),
      },
      { invalidatedAt: code.now },
    );
    await codes.insert({
      userId: code.userId,
      purpose: code.purpose,
      channel: code.channel,
      destinationHash: code.destinationHash,
      codeHash: code.codeHash,
      maxAttempts: code.maxAttempts,
      createdAt: code.now,
      expiresAt: code.expiresAt,
    });
  }

  /** The open code of this purpose and destination, locked until the transaction ends. */
  lockOpen(
    em: EntityManager,
    purpose: OtpPurpose,
    channel: OtpChannel,
    destinationHash: Buffer,
  ): Promise<OneTimeCode | null> {
    return em.getRepository(OneTimeCode).findOne({
      where: { purpose, channel, destinationHash, consumedAt: IsNull(), invalidatedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async countWrongTry(em: EntityManager, id: string): Promise<void> {
    await em.query('UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = $1', [id]);
  }

  async markConsumed(em: EntityManager, id: string, now: Date): Promise<void> {
    await em.getRepository(OneTimeCode).update({ id }, { consumedAt: now });
  }
}
