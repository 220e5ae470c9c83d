import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { ClientInfo, Principal } from '@app/core';
import type { LogoutScope } from '../dto/logout.dto';
import { SessionsService } from './sessions.service';

/** Logout in its three scopes, and revocation of one listed session. */
@Injectable()
export class LogoutService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async logout(principal: Principal, scope: LogoutScope, client: ClientInfo): Promise<void> {
    const { userId, sessionId } = principal;
    const revoked =
      scope === 'local'
        ? await this.sessions.revoke([sessionId], 'logout')
        : await this.sessions.revokeAllOf(userId, 'logout', scope === 'others' ? sessionId : undefined);
    await this.audit.record('logout', {
      userId,
      client,
      metadata: { scope, session_id: sessionId, sessions_revoked: revoked.length },
    });
  }

  async revokeSession(principal: Principal, sessionId: string, client: ClientInfo): Promise<void> {
    await this.sessions.revokeOwned(principal.userId, sessionId, 'revoked_by_user');
    await this.audit.record('session.revoked', {
      userId: principal.userId,
      client,
      metadata: { session_id: sessionId, by_session_id: principal.sessionId },
    });
  }
}
