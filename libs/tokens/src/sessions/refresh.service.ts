import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AuditService } from '@app/audit';
import { ClientInfo } from '@app/core';
import { UsersService } from '@app/users';
import { InvalidRefreshTokenException, RefreshTokenReusedException } from '../tokens.errors';
import { REFRESHES, REUSE_DETECTIONS } from '../tokens.metrics';
import { RefreshRotation } from './refresh-rotation';
import { RevokedSessions } from './revoked-sessions';
import { SessionTokens } from './session-tokens';
import { SessionsService } from './sessions.service';

/** `POST /v1/token/refresh`: rotation, the user's current claims, audit and metrics. */
@Injectable()
export class RefreshService {
  constructor(
    private readonly rotation: RefreshRotation,
    private readonly sessions: SessionsService,
    private readonly revoked: RevokedSessions,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @InjectMetric(REFRESHES) private readonly refreshes: Counter<string>,
    @InjectMetric(REUSE_DETECTIONS) private readonly reuses: Counter<string>,
  ) {}

  async refresh(presented: string, client: ClientInfo): Promise<SessionTokens> {
    const outcome = this.sessions.isWellFormed(presented)
      ? await this.rotation.rotate(presented)
      : ({ kind: 'invalid' } as const);
    if (outcome.kind === 'reused') {
      await this.revoked.add([outcome.session.id]);
      this.refreshes.inc({ result: 'reused' });
      this.reuses.inc();
      await this.audit.record('token.reuse_detected', {
        userId: outcome.session.userId,
        client,
        metadata: { session_id: outcome.session.id },
      });
      throw new RefreshTokenReusedException();
    }
    const user = outcome.kind === 'rotated' ? await this.users.findById(outcome.session.userId) : null;
    if (outcome.kind === 'invalid' || !user) {
      this.refreshes.inc({ result: 'invalid' });
      throw new InvalidRefreshTokenException();
    }
    this.refreshes.inc({ result: 'success' });
    await this.audit.record('token.refreshed', {
      userId: user.id,
      client,
      metadata: { session_id: outcome.session.id },
    });
    return this.sessions.tokensFor(outcome.session, user.email, outcome.refreshToken);
  }
}
