import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MfaRecoveryCode } from './mfa-recovery-code.entity';

/** Recovery code hashes. Each code is spent by one conditional statement, so it works once. */
@Injectable()
export class RecoveryCodesRepository {
  /** The user's codes become exactly `hashes`: every earlier code dies. */
  async replaceAll(em: EntityManager, userId: string, hashes: Buffer[], now: Date): Promise<void> {
    await this.deleteAllOf(em, userId);
    await em
      .getRepository(MfaRecoveryCode)
      .insert(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
  }

  async use(em: EntityManager, userId: string, codeHash: Buffer, now: Date): Promise<boolean> {
    const [rows] = await em.query<[Array<{ id: string }>, number]>(
      `UPDATE mfa_recovery_codes SET used_at = $3
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
        RETURNING id`,
      [userId, codeHash, now],
    );
    return rows.length === 1;
  }

  async deleteAllOf(em: EntityManager, userId: string): Promise<void> {
    await em.getRepository(MfaRecoveryCode).delete({ userId });
  }
}
