import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { ClientInfo } from '@app/core';
import { FirstFactor, MfaChallenges, MfaRequired } from '@app/mfa';
import { SessionsService, SessionTokens } from '@app/tokens';
import { toUserDto, User, UserDto } from '@app/users';
import { LOGINS } from './auth.metrics';

export type SignInResult = { user: UserDto; session: SessionTokens } | MfaRequired;

const METHOD: Record<FirstFactor, string> = { pwd: 'password', otp: 'otp' };

/**
 * The end of every first-factor sign-in (password, one-time code): a user with MFA gets the
 * `mfa_required` step and no tokens; anyone else gets a session.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly mfa: MfaChallenges,
    private readonly audit: AuditService,
    @InjectMetric(LOGINS) private readonly logins: Counter<string>,
  ) {}

  /** Inside the caller's transaction when `em` is given (a code consumed with it). */
  async complete(
    user: User,
    firstFactor: FirstFactor,
    client: ClientInfo,
    em?: EntityManager,
  ): Promise<SignInResult> {
    const method = METHOD[firstFactor];
    if (user.mfaEnabled) {
      const factors = await this.mfa.factorsOf(user.id, em);
      const challenge = await this.mfa.begin(user.id, firstFactor, factors, em);
      await this.audit.record('login.succeeded', {
        userId: user.id,
        client,
        metadata: { method, mfa_required: true },
        manager: em,
      });
      this.logins.inc({ method, result: 'mfa_required' });
      return challenge;
    }
    const session = await this.sessions.start(user, { amr: [firstFactor], aal: 'aal1' }, client, em);
    await this.audit.record('login.succeeded', {
      userId: user.id,
      client,
      metadata: { method, session_id: session.session_id },
      manager: em,
    });
    this.logins.inc({ method, result: 'success' });
    return { user: toUserDto(user), session };
  }
}
