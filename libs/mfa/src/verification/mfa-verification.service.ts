import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AuditService } from '@app/audit';
import { ClientInfo, Clock, RateLimitedException, tokenHash } from '@app/core';
import { SessionsService } from '@app/tokens';
import { LoginLockout, toUserDto, UsersService } from '@app/users';
import { MfaChallengesRepository } from '../challenges/mfa-challenges.repository';
import { MfaVerifiedResponse } from '../dto/responses';
import { MfaFactorsRepository } from '../factors/mfa-factors.repository';
import { InvalidMfaCodeException, InvalidMfaTokenException } from '../mfa.errors';
import { MFA_VERIFICATIONS, MfaMethod, MfaVerificationResult } from '../mfa.metrics';
import { InvalidPasskeyException } from '../passkeys/passkeys.errors';
import { methodOf, SecondFactor, SecondFactorAnswer, SecondFactorMethod } from './second-factor';

type Outcome =
  { kind: 'accepted'; method: SecondFactorMethod } | { kind: 'wrong_code' } | { kind: 'token_dead' };

/**
 * The second step of a sign-in. Wrong codes count against the `mfa_token` (it dies at the fifth)
 * and against the account, like wrong passwords. The code, the challenge and its attempts change
 * in one transaction with the challenge locked, so that one token never yields two sessions.
 */
@Injectable()
export class MfaVerificationService {
  constructor(
    private readonly clock: Clock,
    private readonly challenges: MfaChallengesRepository,
    private readonly factors: MfaFactorsRepository,
    private readonly secondFactor: SecondFactor,
    private readonly users: UsersService,
    private readonly lockout: LoginLockout,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @InjectMetric(MFA_VERIFICATIONS) private readonly verifications: Counter<string>,
  ) {}

  async verify(
    mfaToken: string,
    answer: SecondFactorAnswer,
    client: ClientInfo,
  ): Promise<MfaVerifiedResponse> {
    const attempted = methodOf(answer);
    const challenge = await this.challenges.findLive(tokenHash(mfaToken), this.clock.now());
    const user = challenge && (await this.users.findById(challenge.userId));
    if (!challenge || !user) return this.refuseToken(attempted);

    const lockKey = this.lockout.secondFactorKeyFor(user.id);
    const reservation = await this.lockout.reserve(lockKey);
    if (!reservation.allowed) {
      await this.fail(user.id, attempted, 'locked', client);
      throw new RateLimitedException(reservation.retryAfterSeconds);
    }

    const outcome = await this.factors.transaction(async (em): Promise<Outcome> => {
      const now = this.clock.now();
      if (!(await this.challenges.lockLive(em, challenge.id, now))) return { kind: 'token_dead' };
      const step = { userId: user.id, mfaChallengeId: challenge.id };
      const method = await this.secondFactor.accept(em, step, answer, client);
      if (!method) {
        await this.challenges.recordFailure(em, challenge.id);
        return { kind: 'wrong_code' };
      }
      return (await this.challenges.consume(em, challenge.id, now))
        ? { kind: 'accepted', method }
        : { kind: 'token_dead' };
    });
    if (outcome.kind === 'token_dead') return this.refuseToken(attempted);
    if (outcome.kind === 'wrong_code') {
      await this.fail(user.id, attempted, 'invalid_code', client);
      if (attempted === 'webauthn') throw new InvalidPasskeyException(HttpStatus.UNAUTHORIZED);
      throw new InvalidMfaCodeException(HttpStatus.UNAUTHORIZED);
    }

    await this.lockout.reset(lockKey);
    const amr = [challenge.firstFactor, outcome.method];
    const session = await this.factors.transaction(async (em) => {
      const started = await this.sessions.start(user, { amr, aal: 'aal2' }, client, em);
      await this.audit.record('mfa.verified', {
        userId: user.id,
        client,
        metadata: {
          method: outcome.method,
          first_factor: challenge.firstFactor,
          session_id: started.session_id,
        },
        manager: em,
      });
      return started;
    });
    this.count(outcome.method, 'success');
    return { user: toUserDto(user), session };
  }

  private refuseToken(method: MfaMethod): never {
    this.count(method, 'invalid_token');
    throw new InvalidMfaTokenException();
  }

  private async fail(
    userId: string,
    method: MfaMethod,
    reason: 'locked' | 'invalid_code',
    client: ClientInfo,
  ) {
    this.count(method, reason);
    await this.audit.record('mfa.failed', {
      userId,
      client,
      metadata: { action: 'sign_in', method, reason },
    });
  }

  private count(method: MfaMethod, result: MfaVerificationResult): void {
    this.verifications.inc({ method, result });
  }
}
