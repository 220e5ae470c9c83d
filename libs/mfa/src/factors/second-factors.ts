import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersService } from '@app/users';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';
import { MfaFactorsRepository } from './mfa-factors.repository';

/** A second factor as operators see it. */
export interface SecondFactorSummary {
  id: string;
  type: 'totp' | 'webauthn';
  createdAt: Date;
}

/**
 * Second factors seen from outside the factor flows: what a user has, and the operator's reset
 * that removes them all (the "lost my phone" case).
 */
@Injectable()
export class SecondFactors {
  constructor(
    private readonly factors: MfaFactorsRepository,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly users: UsersService,
  ) {}

  /** The active factors of each user (users without one are absent from the map). */
  async activeOf(userIds: string[]): Promise<Map<string, SecondFactorSummary[]>> {
    const byUser = new Map<string, SecondFactorSummary[]>();
    for (const factor of await this.factors.findActiveOf(userIds)) {
      const list = byUser.get(factor.userId) ?? [];
      list.push({ id: factor.id, type: factor.type, createdAt: factor.activatedAt ?? factor.createdAt });
      byUser.set(factor.userId, list);
    }
    return byUser;
  }

  /** Removes every factor and recovery code and turns MFA off, inside the caller's transaction. */
  async removeAllWithin(em: EntityManager, userId: string): Promise<void> {
    await this.factors.deleteAllOf(em, userId);
    await this.recoveryCodes.deleteAllOf(em, userId);
    await this.users.setMfaEnabled(userId, false, em);
  }
}
