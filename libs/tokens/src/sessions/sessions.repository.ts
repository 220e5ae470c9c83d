import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import type { Aal } from '@app/core';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';

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

/** Sessions and their refresh tokens. Rotation steps run inside `transaction` with the session locked. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  create(input: NewSession): Promise<Session> {
    return this.transaction(async (em) => {
      const session = await em.getRepository(Session).save({
        userId: input.userId,
        aal: input.aal,
        amr: input.amr,
        ip: input.ip,
        userAgent: input.userAgent,
        createdAt: input.now,
        lastUsedAt: input.now,
        expiresAt: input.expiresAt,
      });
      await em.getRepository(RefreshToken).insert({
        sessionId: session.id,
        tokenHash: input.refreshTokenHash,
        createdAt: input.now,
        expiresAt: input.expiresAt,
      });
      return session;
    });
  }

  /**
   * Locks the session that owns a refresh token, so that concurrent rotations of one session run
   * one after another; then reads the token afresh (a new snapshot, after the lock).
   */
  async lockByToken(
    em: EntityManager,
    hash: Buffer,
  ): Promise<{ session: Session; token: RefreshToken } | undefined> {
    const locked = await em.query<Array<{ id: string }>>(
      `SELECT s.id FROM sessions s
        WHERE s.id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)
        FOR UPDATE`,
      [hash],
    );
    const sessionId = locked[0]?.id;
    if (!sessionId) return undefined;
    const [session, token] = await Promise.all([
      em.getRepository(Session).findOneBy({ id: sessionId }),
      em.getRepository(RefreshToken).findOneBy({ tokenHash: hash }),
    ]);
    return session && token ? { session, token } : undefined;
  }

  /** The session a refresh token belongs to, whatever the token's state. */
  async sessionIdOfToken(hash: Buffer): Promise<string | undefined> {
    const rows = await this.dataSource.query<Array<{ session_id: string }>>(
      'SELECT session_id FROM refresh_tokens WHERE token_hash = $1',
      [hash],
    );
    return rows[0]?.session_id;
  }

  findToken(em: EntityManager, hash: Buffer): Promise<RefreshToken | null> {
    return em.getRepository(RefreshToken).findOneBy({ tokenHash: hash });
  }

  async rotate(
    em: EntityManager,
    parent: RefreshToken,
    childHash: Buffer,
    sealedChild: Buffer,
    now: Date,
  ): Promise<void> {
    await em
      .getRepository(RefreshToken)
      .update({ id: parent.id }, { rotatedAt: now, successorCiphertext: sealedChild });
    await em.getRepository(RefreshToken).insert({
      sessionId: parent.sessionId,
      parentId: parent.id,
      tokenHash: childHash,
      createdAt: now,
      expiresAt: parent.expiresAt,
    });
    await em.getRepository(Session).update({ id: parent.sessionId }, { lastUsedAt: now });
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

  /** One statement, so that a session is never left revoked with live refresh tokens or the reverse. */
  private async revokeWhere(
    em: EntityManager,
    condition: string,
    parameters: unknown[],
    reason: string,
    now: Date,
  ): Promise<string[]> {
    const at = parameters.length + 1;
    const rows = await em.query<Array<{ id: string }>>(
      `WITH revoked AS (
         UPDATE sessions SET revoked_at = $${at}, revoked_reason = $${at + 1}
          WHERE ${condition} AND revoked_at IS NULL
          RETURNING id
       ), tokens AS (
         UPDATE refresh_tokens SET revoked_at = $${at}
          WHERE session_id IN (SELECT id FROM revoked) AND revoked_at IS NULL
       )
       SELECT id FROM revoked`,
      [...parameters, now, reason],
    );
    return rows.map((row) => row.id);
  }

  findActiveForUser(userId: string, now: Date): Promise<Session[]> {
    return this.dataSource.getRepository(Session).find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  findById(id: string): Promise<Session | null> {
    return this.dataSource.getRepository(Session).findOneBy({ id });
  }

  /** Sessions revoked since `since`, to restore the revocation cache after a Redis outage. */
  async revokedSince(since: Date): Promise<string[]> {
    const rows = await this.dataSource.query<
      Array<{
        id: string;
      }>
    >(`SELECT id FROM sessions WHERE revoked_at >= $1`, [since]);
    return rows.map((row) => row.id);
  }
}
