import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { ClientInfo, InvalidTokenException, Principal, RateLimitedException } from '@app/core';
import { SessionsService } from '@app/tokens';
import { LoginLockout, UsersService } from '@app/users';
import { InvalidCredentialsException } from './auth.errors';

/**
 * Password change for a signed-in user. The current password is checked under the same lockout as
 * sign-in (a stolen access token must not become a password oracle); the new password and the end
 * of every other session are one transaction.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersService,
    private readonly lockout: LoginLockout,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async change(principal: Principal, current: string, next: string, client: ClientInfo): Promise<void> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new InvalidTokenException();
    const key = this.lockout.keyFor(user.email);
    const reservation = await this.lockout.reserve(key);
    if (!reservation.allowed) throw new RateLimitedException(reservation.retryAfterSeconds);
    if (!(await this.users.verifyPassword(user, current))) {
      await this.audit.record('login.failed', {
        userId: user.id,
        client,
        metadata: { method: 'password', reason: 'wrong_password', context: 'password_change' },
      });
      throw new InvalidCredentialsException();
    }
    const passwordHash = await this.users.hashNewPassword(next, user.email);
    await this.sessions.revokeAndRecord(async (em) => {
      await this.users.setPasswordHash(user.id, passwordHash, em);
      await this.lockout.reset(key, em);
      const revoked = await this.sessions.revokeAllOfWithin(
        em,
        user.id,
        'password_changed',
        principal.sessionId,
      );
      await this.audit.record('password.changed', {
        userId: user.id,
        client,
        metadata: { sessions_revoked: revoked.length },
        manager: em,
      });
      return revoked;
    });
  }
}
