import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { ClientInfo } from '@app/core';
import type { OtpDestination } from '@app/otp';
import { SessionsService } from '@app/tokens';
import { LoginLockout, UsersService } from '@app/users';
import { OtpFlowsService } from './otp-flows.service';

/**
 * Password reset with a `password_reset` code: the new password, the end of every session and
 * the release of the sign-in lock are one transaction with the code's consumption. A second
 * factor stays on: the next sign-in still asks for it.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly otpFlows: OtpFlowsService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly lockout: LoginLockout,
    private readonly audit: AuditService,
  ) {}

  async reset(
    destination: OtpDestination,
    code: string,
    newPassword: string,
    client: ClientInfo,
  ): Promise<void> {
    // Checked before the code is spent, and against the address as sent, so the answer says
    // nothing about the account.
    const passwordHash = await this.users.hashNewPassword(
      newPassword,
      destination.channel === 'email' ? destination.address : undefined,
    );
    let revoked: string[] = [];
    await this.otpFlows.consume('password_reset', destination, code, client, async (account, em) => {
      const updated = await this.users.setPasswordHash(account.id, passwordHash, em);
      await this.lockout.reset(this.lockout.keyFor(account.email), em);
      revoked = await this.sessions.revokeAllOfWithin(em, account.id, 'password_reset');
      await this.audit.record('password.reset', {
        userId: account.id,
        client,
        metadata: { channel: destination.channel, sessions_revoked: revoked.length },
        manager: em,
      });
      return updated;
    });
    await this.sessions.announceRevoked(revoked);
  }
}
