import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Aal, AppConfig, ClientInfo, Clock } from '@app/core';
import { User, UserDisabledException, UsersService } from '@app/users';
import { AccessTokens } from '../jwt/access-tokens';
import { SessionNotFoundException } from '../tokens.errors';
import { RefreshTokenCodec } from './refresh-token-codec';
import { RevokedSessions } from './revoked-sessions';
import { Session } from './session.entity';
import { SessionTokens } from './session-tokens';
import { SessionsRepository } from './sessions.repository';

/** What access tokens say of their user besides its id. */
export interface TokenOwner {
  email: string;
  appMetadata: Record<string, unknown>;
}

export interface Authentication {
  amr: string[];
  aal: Aal;
}

/** Starts sessions, issues their token pairs, and ends them. Rotation lives in `RefreshRotation`. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: SessionsRepository,
    private readonly codec: RefreshTokenCodec,
    private readonly accessTokens: AccessTokens,
    private readonly revoked: RevokedSessions,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new session and its tokens, for a user whose credential has been checked; inside the
   * caller's transaction when one is given. The sign-in is admitted first
   * (`UsersService.admitSignIn`: 403 `user_disabled`, `last_sign_in_at`) in the same transaction,
   * and `user` is brought up to date with what that stored.
   */
  async start(
    user: User,
    auth: Authentication,
    client: ClientInfo,
    em?: EntityManager,
  ): Promise<SessionTokens> {
    if (!em) return this.repository.transaction((tx) => this.start(user, auth, client, tx));
    Object.assign(user, await this.admit(user, auth, client, em));
    const now = this.clock.now();
    const refreshToken = this.codec.generate();
    const session = await this.repository.create(
      {
        userId: user.id,
        aal: auth.aal,
        amr: auth.amr,
        ip: client.ip,
        userAgent: client.userAgent,
        now,
        expiresAt: new Date(now.getTime() + this.config.jwt.refreshTokenTtl * 1000),
        refreshTokenHash: this.codec.hash(refreshToken),
      },
      em,
    );
    return this.tokensFor(session, user, refreshToken);
  }

  /** The refusal is recorded outside the transaction, which it rolls back. */
  private async admit(
    user: User,
    auth: Authentication,
    client: ClientInfo,
    em: EntityManager,
  ): Promise<User> {
    try {
      return await this.users.admitSignIn(user.id, em);
    } catch (error) {
      if (error instanceof UserDisabledException) {
        await this.audit.record('login.failed', {
          userId: user.id,
          client,
          metadata: { reason: 'user_disabled', amr: auth.amr },
        });
      }
      throw error;
    }
  }

  /** The token pair of a session: a fresh access token and the given refresh token. */
  async tokensFor(session: Session, owner: TokenOwner, refreshToken: string): Promise<SessionTokens> {
    const access = await this.accessTokens.issue({
      userId: session.userId,
      sessionId: session.id,
      email: owner.email,
      appMetadata: owner.appMetadata,
      amr: session.amr,
      aal: session.aal,
    });
    const remaining = Math.max(
      0,
      Math.floor((session.expiresAt.getTime() - this.clock.now().getTime()) / 1000),
    );
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      refresh_expires_in: remaining,
      session_id: session.id,
    };
  }

  /** Revokes the sessions at once everywhere (refresh tokens, and access tokens at verify-token). */
  async revoke(sessionIds: string[], reason: string): Promise<string[]> {
    const revoked = await this.repository.revoke(sessionIds, reason, this.clock.now());
    await this.revoked.add(revoked);
    return revoked;
  }

  /** Revokes every live session of the user, except `keep` when given. */
  async revokeAllOf(userId: string, reason: string, keep?: string): Promise<string[]> {
    const revoked = await this.repository.revokeAllOfUser(userId, reason, this.clock.now(), keep ?? null);
    await this.revoked.add(revoked);
    return revoked;
  }

  /**
   * The same inside the caller's transaction. Once it commits, the caller passes the ids to
   * `announceRevoked`, so that a rolled-back change never signs anyone out.
   */
  revokeAllOfWithin(em: EntityManager, userId: string, reason: string, keep?: string): Promise<string[]> {
    return this.repository.revokeAllOfUser(userId, reason, this.clock.now(), keep ?? null, em);
  }

  /**
   * The end of every session of an account that the caller's transaction is deleting: revokes
   * those still live and records them all in `deleted_sessions`, so that replicas reloading their
   * revocations from Postgres still refuse their access tokens once the rows are gone. The caller
   * passes the returned ids to `announceRevoked` after the commit.
   */
  async retireAllOfWithin(em: EntityManager, userId: string): Promise<string[]> {
    const revoked = await this.revokeAllOfWithin(em, userId, 'account_deleted');
    await this.repository.rememberDeleted(em, userId, this.revoked.oldestRelevantRevocation());
    return revoked;
  }

  announceRevoked(sessionIds: string[]): Promise<void> {
    return this.revoked.add(sessionIds);
  }

  listActive(userId: string): Promise<Session[]> {
    return this.repository.findActiveForUser(userId, this.clock.now());
  }

  /**
   * Runs `work` (revocations inside it, and the events that report them) in one transaction,
   * then announces the sessions it revoked; a rolled-back change never signs anyone out.
   */
  async revokeAndRecord(work: (em: EntityManager) => Promise<string[]>): Promise<void> {
    const revoked = await this.repository.transaction(work);
    await this.revoked.add(revoked);
  }

  revokeWithin(em: EntityManager, sessionIds: string[], reason: string): Promise<string[]> {
    return this.repository.revoke(sessionIds, reason, this.clock.now(), em);
  }

  /** Revokes one of the user's own live sessions; 404 for anything else, so ids cannot be probed. */
  async revokeOwnedWithin(
    em: EntityManager,
    userId: string,
    sessionId: string,
    reason: string,
  ): Promise<string[]> {
    const session = await this.repository.findById(sessionId, em);
    const live =
      session && session.userId === userId && !session.revokedAt && session.expiresAt > this.clock.now();
    if (!live) throw new SessionNotFoundException();
    return this.revokeWithin(em, [sessionId], reason);
  }

  isWellFormed(refreshToken: string): boolean {
    return this.codec.isWellFormed(refreshToken);
  }
}
