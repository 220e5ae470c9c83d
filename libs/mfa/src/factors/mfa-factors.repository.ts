import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { FactorStatus, MfaFactor } from './mfa-factor.entity';

/** TOTP factors. Writes that decide who gets in are single conditional statements. */
@Injectable()
export class MfaFactorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findByStatus(
    userId: string,
    status: FactorStatus,
    em: EntityManager = this.dataSource.manager,
  ): Promise<MfaFactor | null> {
    return em.getRepository(MfaFactor).findOneBy({ userId, type: 'totp', status });
  }

  /** The factor, locked until the transaction ends, so that changes to it run one at a time. */
  lockByStatus(em: EntityManager, userId: string, status: FactorStatus): Promise<MfaFactor | null> {
    return em
      .getRepository(MfaFactor)
      .findOne({ where: { userId, type: 'totp', status }, lock: { mode: 'pessimistic_write' } });
  }

  /** Stores a new pending factor in place of any earlier one (a new id: the old one is gone). */
  async savePending(userId: string, secretCiphertext: Buffer, now: Date): Promise<string> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO mfa_factors (user_id, type, status, secret_ciphertext, created_at)
         VALUES ($1, 'totp', 'pending', $2, $3)
       ON CONFLICT (user_id, type, status) DO UPDATE SET
         id = gen_random_uuid(),
         secret_ciphertext = EXCLUDED.secret_ciphertext,
         last_used_step = NULL,
         created_at = EXCLUDED.created_at
       RETURNING id`,
      [userId, secretCiphertext, now],
    );
    return rows[0]!.id;
  }

  /**
   * Records `step` as the factor's last accepted one, only if it is later than the one recorded:
   * of two requests with the same code, exactly one gets `true`.
   */
  async claimStep(em: EntityManager, factorId: string, step: number): Promise<boolean> {
    const [rows] = await em.query<[Array<{ id: string }>, number]>(
      `UPDATE mfa_factors SET last_used_step = $2
        WHERE id = $1 AND (last_used_step IS NULL OR last_used_step < $2)
        RETURNING id`,
      [factorId, step],
    );
    return rows.length === 1;
  }

  async activate(em: EntityManager, factorId: string, now: Date): Promise<boolean> {
    const [rows] = await em.query<[Array<{ id: string }>, number]>(
      `UPDATE mfa_factors SET status = 'active', activated_at = $2
        WHERE id = $1 AND status = 'pending'
        RETURNING id`,
      [factorId, now],
    );
    return rows.length === 1;
  }

  findActiveOf(userIds: string[]): Promise<MfaFactor[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(MfaFactor).find({
      where: { userId: In(userIds), status: 'active' },
      order: { createdAt: 'ASC' },
    });
  }

  async deleteAllOf(em: EntityManager, userId: string): Promise<void> {
    await em.getRepository(MfaFactor).delete({ userId });
  }
}
