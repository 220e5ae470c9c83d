import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PreparedAuditEvent } from '@app/audit';
import { AppConfig, Clock } from '@app/core';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokenCodec } from './refresh-token-codec';
import { Session } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import type { TokenOwner } from './sessions.service';

/** A chain longer than this within the reuse interval is not concurrent tabs. */
const MAX_CHAIN_WALK = 16;

export type RotationOutcome =
  | { kind: 'invalid' }
  /** The live token rotated, with the owner's current claims; the statement recorded the refresh. */
  | { kind: 'rotated'; session: Session; refreshToken: string; owner: TokenOwner }
  /** A token a concurrent tab has just rotated: the session's current token, as it is. */
  | { kind: 'current'; session: Session; refreshToken: string }
  | { kind: 'reused'; session: Session };

/** Runs in the transaction that revokes a session for reuse, to record it with the revocation. */
export type OnReuse = (em: EntityManager, session: Session) => Promise<void>;

/**
 * Refresh token rotation, with the session row locked, so that rotations of one session never
 * interleave and a session never has two live refresh tokens:
 * - the live token is consumed and its child issued, in one statement (the common case);
 * - a token rotated less than REFRESH_TOKEN_REUSE_INTERVAL ago (concurrent tabs) leads, through
 *   the sealed successors, to the session's current token, which is returned as it is;
 * - a token rotated earlier is reuse: the whole session is revoked.
 */
@Injectable()
export class RefreshRotation {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: SessionsRepository,
    private readonly codec: RefreshTokenCodec,
  ) {}

  /** The session of a presented token, read without locking (to count the refresh against its limit). */
  sessionOf(presented: string): Promise<string | undefined> {
    return this.repository.sessionIdOfToken(this.codec.hash(presented));
  }

  /** `refreshed` is the audit event of a rotation of the live token, written with it. */
  async rotate(presented: string, refreshed: PreparedAuditEvent, onReuse: OnReuse): Promise<RotationOutcome> {
    const now = this.clock.now();
    const hash = this.codec.hash(presented);
    const child = this.codec.generate();
    const rotated = await this.repository.rotateLive({
      hash,
      childHash: this.codec.hash(child),
      sealedChild: this.codec.sealSuccessor(presented, child),
      now,
      refreshed,
    });
    if (rotated) return { kind: 'rotated', ...rotated, refreshToken: child };
    return this.rotateSpent(presented, hash, now, onReuse);
  }

  /** A token that is not live: invalid, a concurrent tab's (within the reuse interval), or reuse. */
  private rotateSpent(
    presented: string,
    hash: Buffer,
    now: Date,
    onReuse: OnReuse,
  ): Promise<RotationOutcome> {
    return this.repository.transaction(async (em) => {
      const found = await this.repository.lockByToken(em, hash);
      if (!found) return { kind: 'invalid' };
      const { session, token } = found;
      if (session.revokedAt || token.revokedAt || session.expiresAt <= now || token.expiresAt <= now) {
        return { kind: 'invalid' };
      }
      // A live token of a live session has just been rotated by `rotateLive`; it cannot be here.
      if (!token.rotatedAt) return { kind: 'invalid' };
      const sinceRotation = now.getTime() - token.rotatedAt.getTime();
      if (sinceRotation <= this.config.jwt.refreshTokenReuseInterval * 1000) {
        const current = await this.currentDescendant(em, presented, token);
        if (current) return { kind: 'current', session, refreshToken: current };
      }
      await this.repository.revoke([session.id], 'refresh_token_reused', now, em);
      await onReuse(em, session);
      return { kind: 'reused', session };
    });
  }

  /** Follows the sealed successors from a rotated token to the live one. */
  private async currentDescendant(
    em: EntityManager,
    presented: string,
    token: RefreshToken,
  ): Promise<string | undefined> {
    let plain = presented;
    let row: RefreshToken | null = token;
    for (let step = 0; step < MAX_CHAIN_WALK && row; step++) {
      if (!row.rotatedAt) return plain;
      if (!row.successorCiphertext) return undefined;
      const next = this.codec.openSuccessor(plain, row.successorCiphertext);
      if (!next) return undefined;
      plain = next;
      row = await this.repository.findToken(em, this.codec.hash(next));
      if (row?.revokedAt) return undefined;
    }
    return undefined;
  }
}
