import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo, RateLimitedException } from '@app/core';
import { LoginLockout, UsersService } from '@app/users';
import { EmailNotVerifiedException, InvalidCredentialsException } from './auth.errors';
import { LOGINS } from './auth.metrics';
import { SignInResult, SignInService } from './sign-in.service';

/**
 * Password sign-in. An unknown email and a wrong password take the same steps (a bcrypt compare,
 * lockout counter, an audit row) and get the same answer, so nothing tells them apart. A locked
 * account takes them too, and gets 429 whatever the password.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly lockout: LoginLockout,
    private readonly signIn: SignInService,
    private readonly audit: AuditService,
    @InjectMetric(LOGINS) private readonly logins: Counter<string>,
  ) {}

  async login(email: string, password: string, client: ClientInfo): Promise<SignInResult> {
    this.users.refuseIfPasswordChecksBusy();
    const key = this.lockout.keyFor(email);
    const user = await this.users.findByEmail(email);
    // Checked before the attempt is counted, so that a check refused by a full hashing queue (503)
    // never counts against the account; its result is used only if the attempt may be counted.
    const valid = await this.users.verifyPassword(user, password);
    const reservation = await this.lockout.reserve(key);
    if (!reservation.allowed) {
      await this.fail(user?.id ?? null, 'locked', client);
      throw new RateLimitedException(reservation.retryAfterSeconds);
    }
    if (!user || !valid) {
      await this.fail(user?.id ?? null, user ? 'wrong_password' : 'unknown_email', client);
      throw new InvalidCredentialsException();
    }
    await this.lockout.reset(key);
    if (this.config.passwords.requireEmailVerification && !user.emailVerifiedAt) {
      await this.fail(user.id, 'email_not_verified', client);
      throw new EmailNotVerifiedException();
    }
    await this.users.rehashIfNeeded(user, password);
    return this.signIn.complete(user, 'pwd', client);
  }

  private async fail(userId: string | null, reason: string, client: ClientInfo): Promise<void> {
    const result = reason === 'wrong_password' || reason === 'unknown_email' ? 'invalid_credentials' : reason;
    this.logins.inc({ method: 'password', result });
    await this.audit.record('login.failed', { userId, client, metadata: { method: 'password', reason } });
  }
}
