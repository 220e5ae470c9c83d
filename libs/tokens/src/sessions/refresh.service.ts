import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AuditService, type PreparedAuditEvent } from '@app/audit';
import { ClientInfo, RateLimitCounter } from '@app/core';
import { UsersService } from '@app/users';
import { InvalidRefreshTokenException, RefreshTokenReusedException } from '../tokens.errors';
import { REFRESHES, REUSE_DETECTIONS } from '../tokens.metrics';
import { OnReuse, RefreshRotation, RotationOutcome } from './refresh-rotation';
import { RevokedSessions } from './revoked-sessions';
import { SessionTokens } from './session-tokens';
import { SessionsService, TokenOwner } from './sessions.service';

/**
 * `POST /v1/token/refresh`: the per-session limit, rotation, the user's current claims, audit and
 * metrics. The session is known only once the token has been looked up, so the limit is counted
 * here rather than by the guard, and before the rotation, which a refused refresh never reaches
 * (with limits off, the lookup is skipped).
 */
@Injectable()
export class RefreshService {
  constructor(
    private readonly rotation: RefreshRotation,
    private readonly sessions: SessionsService,
    private readonly revoked: RevokedSessions,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitCounter,
    @InjectMetric(REFRESHES) private readonly refreshes: Counter<string>,
    @InjectMetric(REUSE_DETECTIONS) private readonly reuses: Counter<string>,
  ) {}

  async refresh(presented: string, client: ClientInfo): Promise<SessionTokens> {
    const refreshed = this.audit.prepare('token.refreshed', { client });
    const outcome = await this.rotate(presented, refreshed, (em, session) =>
      this.audit.record('token.reuse_detected', {
        userId: session.userId,
        client,
        metadata: { session_id: session.id },
        manager: em,
      }),
    );
    if (outcome.kind === 'reused') {
      await this.revoked.add([outcome.session.id]);
      this.refreshes.inc({ result: 'reused' });
      this.reuses.inc();
      throw new RefreshTokenReusedException();
    }
    if (outcome.kind === 'invalid') this.refuse();
    const owner = outcome.kind === 'rotated' ? outcome.owner : await this.concurrentTab(outcome, client);
    if (!owner) this.refuse();
    this.refreshes.inc({ result: 'success' });
    return this.sessions.tokensFor(outcome.session, owner, outcome.refreshToken);
  }

  private refuse(): never {
    this.refreshes.inc({ result: 'invalid' });
    throw new InvalidRefreshTokenException();
  }

  /**
   * A concurrent tab's refresh: the owner's claims looked up (none if the account is gone), and
   * the refresh recorded (a rotation of the live token records it in its own statement).
   */
  private async concurrentTab(
    outcome: Extract<RotationOutcome, { kind: 'current' }>,
    client: ClientInfo,
  ): Promise<TokenOwner | undefined> {
    const user = await this.users.findById(outcome.session.userId);
    if (!user) return undefined;
    await this.audit.record('token.refreshed', {
      userId: outcome.session.userId,
      client,
      metadata: { session_id: outcome.session.id },
    });
    return user;
  }

  private async rotate(
    presented: string,
    refreshed: PreparedAuditEvent,
    onReuse: OnReuse,
  ): Promise<RotationOutcome> {
    if (!this.sessions.isWellFormed(presented)) return { kind: 'invalid' };
    if (this.limits.enabled) {
      const sessionId = await this.rotation.sessionOf(presented);
      if (sessionId === undefined) return { kind: 'invalid' };
      await this.limits.enforce('refresh_session', sessionId);
    }
    return this.rotation.rotate(presented, refreshed, onReuse);
  }
}
