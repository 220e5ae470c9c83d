import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { auditInsertFrom, type PreparedAuditEvent } from '@app/audit';
import type { Aal } from '@app/core';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import {
  REFRESH_TOKEN_COLUMNS,
  RefreshTokenRow,
  SESSION_COLUMNS,
  SessionRow,
  toRefreshToken,
  toSession,
} from './session-rows';
import type { TokenOwner } from './sessions.service';

export interface NewSession {
  userId: string;
  aal: Aal;
  amr: string[];
  ip: string | null;
  userAgent: string | null;
  now: Date;
  expiresAt: Date;
  refreshTokenHash: Buffer;
}

/**
 * Sessions and their refresh tokens. A live token rotates in one statement (`rotateLive`); spent
 * tokens are examined inside `transaction` with the session locked (`lockByToken`).
 */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The session and its first refresh token, in one statement (so atomic without a transaction). */
  async create(input: NewSession, em: EntityManager = this.dataSource.manager): Promise<Session> {
    const [row] = await em.query<SessionRow[]>(
      `WITH session AS (
         INSERT INTO sessions (user_id, aal, amr, ip, user_agent, created_at, last_used_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
         RETURNING ${SESSION_COLUMNS}
       ), token AS (
         INSERT INTO refresh_tokens (session_id, token_hash, created_at, expires_at)
         SELECT id, $8, $6, $7 FROM session
       )
       SELECT ${SESSION_COLUMNS} FROM session`,
      [
        input.userId,
        input.aal,
        input.amr,
        input.ip,
        input.userAgent,
        input.now,
        input.expiresAt,
        input.refreshTokenHash,
      ],
    );
    return toSession(row!);
  }

  /**
   * Locks the session that owns a refresh token, so that concurrent rotations of one session run
   * one after another; then reads the token afresh (a statement of its own, so a new snapshot,
   * taken after the lock: a join would return the token as it was before the lock was granted).
   */
  async lockByToken(
    em: EntityManager,
    hash: Buffer,
  ): Promise<{ session: Session; token: RefreshToken } | undefined> {
    const [session] = await em.query<SessionRow[]>(
      `SELECT ${SESSION_COLUMNS} FROM sessions
        WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)
        FOR UPDATE`,
      [hash],
    );
    if (!session) return undefined;
    const token = await this.findToken(em, hash);
    return token ? { session: toSession(session), token } : undefined;
  }

  /** The session a refresh token belongs to, whatever the token's state. */
  async sessionIdOfToken(hash: Buffer): Promise<string | undefined> {
    const rows = await this.dataSource.query<Array<{ session_id: string }>>(
      'SELECT session_id FROM refresh_tokens WHERE token_hash = $1',
      [hash],
    );
    return rows[0]?.session_id;
  }

  async findToken(em: EntityManager, hash: Buffer): Promise<RefreshToken | null> {
    const [row] = await em.query<RefreshTokenRow[]>(
      `SELECT ${REFRESH_TOKEN_COLUMNS} FROM refresh_tokens WHERE token_hash = $1`,
      [hash],
    );
    return row ? toRefreshToken(row) : null;
  }

  /**
   * Rotates a live refresh token of a live session in one statement: locks the session (the
   * order logout and revocation lock in), consumes the token only if it is still live once the
   * lock is granted (the UPDATE re-checks the latest row version), inserts its child and marks
   * the session used. The child is inserted from the consumed row, so after the parent has left
   * the one-live-token-per-session index. Returns the session with its owner's current claims (for
   * the new access token, read here to spare a round trip on every refresh), or `undefined` when
   * the token is not live (unknown, rotated, revoked, expired) or its session is not. The
   * rotation's audit event (`refreshed`, given the session's id) is inserted by the same statement.
   */
  async rotateLive(rotation: {
    hash: Buffer;
    childHash: Buffer;
    sealedChild: Buffer;
    now: Date;
    refreshed: PreparedAuditEvent;
  }): Promise<{ session: Session; owner: TokenOwner } | undefined> {
    const params: unknown[] = [rotation.hash, rotation.now, rotation.sealedChild, rotation.childHash];
    const audited = auditInsertFrom(
      rotation.refreshed,
      { from: 'used', userId: 'used.user_id', metadata: "jsonb_build_object('session_id', used.id)" },
      params,
    );
    const rows = await this.dataSource.query<
      Array<SessionRow & { email: string; app_metadata: Record<string, unknown> }>
    >(
      `WITH session AS (
         SELECT id FROM sessions
          WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)
            AND revoked_at IS NULL AND expires_at > $2
          FOR UPDATE
       ), consumed AS (
         UPDATE refresh_tokens SET rotated_at = $2, successor_ciphertext = $3
          WHERE token_hash = $1 AND session_id = (SELECT id FROM session)
            AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > $2
          RETURNING id, session_id, expires_at
       ), child AS (
         INSERT INTO refresh_tokens (session_id, parent_id, token_hash, created_at, expires_at)
         SELECT session_id, id, $4, $2, expires_at FROM consumed
       ), used AS (
         UPDATE sessions SET last_used_at = $2
          WHERE id = (SELECT session_id FROM consumed)
          RETURNING ${SESSION_COLUMNS}
       ), audited AS (
         ${audited}
       )
       SELECT used.*, users.email, users.app_metadata FROM used JOIN users ON users.id = used.user_id`,
      params,
    );
    const row = rows[0];
    return row
      ? { session: toSession(row), owner: { email: row.email, appMetadata: row.app_metadata } }
      : undefined;
  }

  /** Revokes the sessions (and their refresh tokens) that are still live; returns their ids. */
  async revoke(
    ids: string[],
    reason: string,
    now: Date,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.revokeWhere(em, 'id = ANY($1::uuid[])', [ids], reason, now);
  }

  /** Revokes every live session of the user except `keep`, in one statement; returns their ids. */
  revokeAllOfUser(
    userId: string,
    reason: string,
    now: Date,
    keep: string | null,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    return this.revokeWhere(
      em,
      'user_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)',
      [userId, keep],
      reason,
      now,
    );
  }

  /**
   * Sessions first, then their tokens, in one transaction, so that a session is never left revoked
   * with a live refresh token. Two statements: the first waits for a rotation that holds a
   * session's lock, and the second, whose snapshot is taken after it, also sees the token that
   * rotation has just issued (a single statement would not, and would leave it live).
   */
  private revokeWhere(
    em: EntityManager,
    condition: string,
    parameters: unknown[],
    reason: string,
    now: Date,
  ): Promise<string[]> {
    const revoke = async (tx: EntityManager): Promise<string[]> => {
      const at = parameters.length + 1;
      const rows = await tx.query<Array<{ id: string }>>(
        `WITH revoked AS (
           UPDATE sessions SET revoked_at = $${at}, revoked_reason = $${at + 1}
            WHERE ${condition} AND revoked_at IS NULL
            RETURNING id
         )
         SELECT id FROM revoked`,
        [...parameters, now, reason],
      );
      const ids = rows.map((row) => row.id);
      if (ids.length > 0) {
        await tx.query(
          `UPDATE refresh_tokens SET revoked_at = $1 WHERE session_id = ANY($2::uuid[]) AND revoked_at IS NULL`,
          [now, ids],
        );
      }
      return ids;
    };
    return em.queryRunner?.isTransactionActive ? revoke(em) : em.transaction(revoke);
  }

  /**
   * Remembers the sessions of an account about to be deleted that were revoked since `since`
   * (their access tokens may still be alive), and forgets those remembered before it.
   */
  async rememberDeleted(em: EntityManager, userId: string, since: Date): Promise<void> {
    await em.query('DELETE FROM deleted_sessions WHERE revoked_at < $1', [since]);
    await em.query(
      `INSERT INTO deleted_sessions (id, revoked_at)
       SELECT id, revoked_at FROM sessions WHERE user_id = $1 AND revoked_at >= $2
       ON CONFLICT (id) DO NOTHING`,
      [userId, since],
    );
  }

  findActiveForUser(userId: string, now: Date): Promise<Session[]> {
    return this.dataSource.getRepository(Session).find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Session | null> {
    return em.getRepository(Session).findOneBy({ id });
  }

  /**
   * Sessions revoked since `since` (those of deleted accounts included), to restore the revocation
   * cache after a Redis outage.
   */
  async revokedSince(since: Date): Promise<string[]> {
    const rows = await this.dataSource.query<
      Array<{
        id: string;
      }>
    >(
      `SELECT id FROM sessions WHERE revoked_at >= $1
       UNION ALL
       SELECT id FROM deleted_sessions WHERE revoked_at >= $1`,
      [since],
    );
    return rows.map((row) => row.id);
  }
}
