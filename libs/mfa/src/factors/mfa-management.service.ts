import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/users';
import { AuditService } from '@app/audit';
import { ClientInfo, Clock, Principal } from '@app/core';
import { SessionsService } from '@app/tokens';
import { RecoveryCodesResponse } from '../dto/responses';
import { PasskeysRepository } from '../passkeys/passkeys.repository';
import { RecoveryCodes } from '../recovery/recovery-codes';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';
import { MfaFactorsRepository } from './mfa-factors.repository';
import { TotpCodes } from './totp-codes';

/** Changes to an active factor; each needs a current code on top of the caller's aal2 session. */
@Injectable()
export class MfaManagementService {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly factors: MfaFactorsRepository,
    private readonly codes: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly passkeys: PasskeysRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** A new set of recovery codes; every earlier code, used or not, dies. */
  async regenerateRecoveryCodes(
    principal: Principal,
    code: string,
    client: ClientInfo,
  ): Promise<RecoveryCodesResponse> {
    const { userId } = principal;
    const issued = this.recovery.issue(userId);
    await this.codes.withCurrentCode(
      userId,
      'active',
      code,
      { action: 'regenerate_recovery_codes', client },
      (em) => this.recoveryCodes.replaceAll(em, userId, issued.hashes, this.clock.now()),
    );
    await this.audit.record('mfa.recovery_codes_regenerated', { userId, client });
    return { recovery_codes: issued.codes };
  }

  /**
   * Removes the factor and the recovery codes and signs out the other sessions; MFA goes off unless
   * a passkey remains as a second factor.
   */
  async disable(principal: Principal, code: string, client: ClientInfo): Promise<void> {
    const { userId, sessionId } = principal;
    const revoked = await this.codes.withCurrentCode(
      userId,
      'active',
      code,
      { action: 'disable', client },
      async (em) => {
        await this.factors.deleteAllOf(em, userId);
        await this.recoveryCodes.deleteAllOf(em, userId);
        await this.users.setMfaEnabled(userId, await this.passkeys.hasAny(userId, em), em);
        const revoked = await this.sessions.revokeAllOfWithin(em, userId, 'mfa_disabled', sessionId);
        await this.audit.record('mfa.disabled', {
          userId,
          client,
          metadata: { method: 'totp', sessions_revoked: revoked.length },
          manager: em,
        });
        return revoked;
      },
    );
    await this.sessions.announceRevoked(revoked);
  }
}
