import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo, RateLimitedException } from '@app/core';
import { awaitsEmailVerification, LoginLockout, UsersService } from '@app/users';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const userId = user?.id ?? null;
    // The count, a lock it starts and the failure's event are one transaction.
    const reservation = await this.dataSource.transaction(async (em) => {
      const reserved = await this.lockout.reserve(key, em);
      if (!reserved.allowed) await this.fail(userId, 'locked', client, em);
      else if (!user || !valid) {
        const locked = reserved.locksForSeconds;
        const lock = locked === undefined ? {} : { account_locked: true, locked_seconds: locked };
        await this.fail(userId, user ? 'wrong_password' : 'unknown_email', client, em, lock);
      }
      return reserved;
    });
    if (!reservation.allowed) throw new RateLimitedException(reservation.retryAfterSeconds);
    if (!user || !valid) throw new InvalidCredentialsException();
    await this.lockout.reset(key);
    if (awaitsEmailVerification(this.config, user)) {
      await this.fail(user.id, 'email_not_verified', client);
      throw new EmailNotVerifiedException();
    }
    await this.users.rehashIfNeeded(user, password);
    return this.signIn.complete(user, 'pwd', client);
  }

  private async fail(
    userId: string | null,
    reason: string,
    client: ClientInfo,
    manager?: EntityManager,
    lock: Record<string, unknown> = {},
  ): Promise<void> {
    const result = reason === 'wrong_password' || reason === 'unknown_email' ? 'invalid_credentials' : reason;
    this.logins.inc({ method: 'password', result });
    await this.audit.record('login.failed', {
      userId,
      client,
      metadata: { method: 'password', reason, ...lock },
      manager,
    });
  }
}
