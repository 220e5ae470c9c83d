import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersService } from '@app/users';
import { PasskeysRepository } from '../passkeys/passkeys.repository';
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
    private readonly passkeys: PasskeysRepository,
    private readonly users: UsersService,
  ) {}

  /** The active factors of each user, TOTP then passkeys (users without one are absent from the map). */
  async activeOf(userIds: string[]): Promise<Map<string, SecondFactorSummary[]>> {
    const byUser = new Map<string, SecondFactorSummary[]>();
    const add = (userId: string, factor: SecondFactorSummary) =>
      byUser.set(userId, [...(byUser.get(userId) ?? []), factor]);
    const [totp, passkeys] = await Promise.all([
      this.factors.findActiveOf(userIds),
      this.passkeys.listOfUsers(userIds),
    ]);
    for (const factor of totp) {
      add(factor.userId, {
        id: factor.id,
        type: factor.type,
        createdAt: factor.activatedAt ?? factor.createdAt,
      });
    }
    for (const passkey of passkeys) {
      add(passkey.userId, { id: passkey.id, type: 'webauthn', createdAt: passkey.createdAt });
    }
    return byUser;
  }

  /**
   * Removes every factor, passkeys included (each is a second factor), and the recovery codes, and
   * turns MFA off, inside the caller's transaction.
   */
  async removeAllWithin(em: EntityManager, userId: string): Promise<void> {
    await this.factors.deleteAllOf(em, userId);
    await this.passkeys.deleteAllOf(em, userId);
    await this.recoveryCodes.deleteAllOf(em, userId);
    await this.users.setMfaEnabled(userId, false, em);
  }
}
