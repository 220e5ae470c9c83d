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

  /** The revocation and its event are one transaction; the revocation is announced once it commits. */
  async logout(principal: Principal, scope: LogoutScope, client: ClientInfo): Promise<void> {
    const { userId, sessionId } = principal;
    await this.sessions.revokeAndRecord(async (em) => {
      const revoked =
        scope === 'local'
          ? await this.sessions.revokeWithin(em, [sessionId], 'logout')
          : await this.sessions.revokeAllOfWithin(
              em,
              userId,
              'logout',
              scope === 'others' ? sessionId : undefined,
            );
      await this.audit.record('logout', {
        userId,
        client,
        metadata: { scope, session_id: sessionId, sessions_revoked: revoked.length },
        manager: em,
      });
      return revoked;
    });
  }

  async revokeSession(principal: Principal, sessionId: string, client: ClientInfo): Promise<void> {
    await this.sessions.revokeAndRecord(async (em) => {
      const revoked = await this.sessions.revokeOwnedWithin(
        em,
        principal.userId,
        sessionId,
        'revoked_by_user',
      );
      await this.audit.record('session.revoked', {
        userId: principal.userId,
        client,
        metadata: { session_id: sessionId, by_session_id: principal.sessionId },
        manager: em,
      });
      return revoked;
    });
  }
}
