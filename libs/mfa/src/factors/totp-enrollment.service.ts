import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo, Clock, Principal } from '@app/core';
import { SessionsService } from '@app/tokens';
import { UserNotFoundException, UsersService } from '@app/users';
import { RecoveryCodesResponse, TotpEnrollmentResponse } from '../dto/responses';
import { MfaAlreadyEnabledException } from '../mfa.errors';
import { RecoveryCodes } from '../recovery/recovery-codes';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';
import { otpauthUrl, qrCodeDataUrl } from '../totp/otpauth';
import { TotpSecrets } from '../totp/totp-secrets';
import { MfaFactorsRepository } from './mfa-factors.repository';
import { TotpCodes } from './totp-codes';

/**
 * Turning TOTP on: a pending factor whose secret the user scans, then activation with a first code,
 * which also issues the recovery codes and signs out every other session.
 */
@Injectable()
export class TotpEnrollmentService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly factors: MfaFactorsRepository,
    private readonly secrets: TotpSecrets,
    private readonly codes: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** A new pending factor, replacing any earlier pending one; refused while a factor is active. */
  async enroll(principal: Principal): Promise<TotpEnrollmentResponse> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new UserNotFoundException();
    if (await this.factors.findByStatus(user.id, 'active')) throw new MfaAlreadyEnabledException();
    const { secret, base32 } = this.secrets.generate();
    const factorId = await this.factors.savePending(
      user.id,
      this.secrets.seal(user.id, secret),
      this.clock.now(),
    );
    const url = otpauthUrl(this.config.jwt.issuer, user.email, base32);
    return { factor_id: factorId, secret: base32, otpauth_url: url, qr_code: await qrCodeDataUrl(url) };
  }

  /**
   * With a code of the pending factor: the factor, `mfa_enabled`, fresh recovery codes and the end of
   * the user's other sessions are one transaction. Sessions opened before never had to show the new
   * factor, so none of them outlives it; the calling one stays at its level (aal1).
   */
  async activate(principal: Principal, code: string, client: ClientInfo): Promise<RecoveryCodesResponse> {
    const { userId, sessionId } = principal;
    const issued = this.recovery.issue(userId);
    const now = this.clock.now();
    const revoked = await this.codes.withCurrentCode(
      userId,
      'pending',
      code,
      { action: 'activate', client },
      async (em, factor) => {
        if (await this.factors.findByStatus(userId, 'active', em)) throw new MfaAlreadyEnabledException();
        await this.factors.activate(em, factor.id, now);
        await this.recoveryCodes.replaceAll(em, userId, issued.hashes, now);
        await this.users.setMfaEnabled(userId, true, em);
        const revoked = await this.sessions.revokeAllOfWithin(em, userId, 'mfa_enrolled', sessionId);
        await this.audit.record('mfa.enrolled', {
          userId,
          client,
          metadata: { factor_id: factor.id, method: 'totp', sessions_revoked: revoked.length },
          manager: em,
        });
        return revoked;
      },
    );
    await this.sessions.announceRevoked(revoked);
    return { recovery_codes: issued.codes };
  }
}
