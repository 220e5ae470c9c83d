import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { ClientInfo } from '@app/core';
import { FirstFactor, MfaChallenges, MfaRequired } from '@app/mfa';
import { SessionsService, SessionTokens } from '@app/tokens';
import { toUserDto, User, UserDisabledException, UserDto } from '@app/users';
import { LOGINS } from './auth.metrics';

export type SignInResult = { user: UserDto; session: SessionTokens } | MfaRequired;

const METHOD: Record<FirstFactor, string> = { pwd: 'password', otp: 'otp', oauth: 'oauth' };

/**
 * The end of every first-factor sign-in (password, one-time code, provider), once its credential
 * has been checked: a disabled account gets 403 `user_disabled`, a user with MFA the
 * `mfa_required` step and no tokens, anyone else a session.
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaChallenges,
    private readonly audit: AuditService,
    @InjectMetric(LOGINS) private readonly logins: Counter<string>,
  ) {}

  /**
   * Inside the caller's transaction when `em` is given (a code consumed with it), else in one of
   * its own: the session or challenge and the event that reports it commit together. `details`
   * are added to the audit event (e.g. the provider).
   */
  async complete(
    user: User,
    firstFactor: FirstFactor,
    client: ClientInfo,
    em?: EntityManager,
    details: Record<string, string> = {},
  ): Promise<SignInResult> {
    if (user.disabled) await this.refuseDisabled(user, METHOD[firstFactor], client, details);
    if (em) return this.completeWithin(em, user, firstFactor, client, details);
    return this.dataSource.transaction((tx) => this.completeWithin(tx, user, firstFactor, client, details));
  }

  private async completeWithin(
    em: EntityManager,
    user: User,
    firstFactor: FirstFactor,
    client: ClientInfo,
    details: Record<string, string>,
  ): Promise<SignInResult> {
    const method = METHOD[firstFactor];
    if (user.mfaEnabled) {
      const factors = await this.mfa.factorsOf(user.id, em);
      const challenge = await this.mfa.begin(user.id, firstFactor, factors, em);
      await this.audit.record('login.succeeded', {
        userId: user.id,
        client,
        metadata: { method, ...details, mfa_required: true },
        manager: em,
      });
      this.logins.inc({ method, result: 'mfa_required' });
      return challenge;
    }
    const session = await this.sessions.start(user, { amr: [firstFactor], aal: 'aal1' }, client, em);
    await this.audit.record('login.succeeded', {
      userId: user.id,
      client,
      metadata: { method, ...details, session_id: session.session_id },
      manager: em,
    });
    this.logins.inc({ method, result: 'success' });
    return { user: toUserDto(user), session };
  }

  /**
   * Before the MFA step too, so that the first factor already answers 403 `user_disabled`
   * (`SessionsService.start` refuses again, atomically, should the account be disabled meanwhile).
   * Outside the caller's transaction, which the refusal rolls back.
   */
  private async refuseDisabled(
    user: User,
    method: string,
    client: ClientInfo,
    details: Record<string, string>,
  ): Promise<never> {
    this.logins.inc({ method, result: 'user_disabled' });
    await this.audit.record('login.failed', {
      userId: user.id,
      client,
      metadata: { method, ...details, reason: 'user_disabled' },
    });
    throw new UserDisabledException();
  }
}
