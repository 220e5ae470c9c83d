import type { Aal } from '@app/core';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';

/*
 * The rows of the refresh path as plain SQL reads them. Refresh and sign-in run on every
 * session's hot path; building these few statements by hand spares the query builder's work on
 * each of them (see SessionsRepository).
 */

export const SESSION_COLUMNS =
  'id, user_id, aal, amr, ip, user_agent, created_at, last_used_at, expires_at, revoked_at, revoked_reason';

export const REFRESH_TOKEN_COLUMNS =
  'id, session_id, parent_id, token_hash, created_at, expires_at, rotated_at, revoked_at, successor_ciphertext';

export interface SessionRow {
  id: string;
  user_id: string;
  aal: Aal;
  amr: string[];
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface RefreshTokenRow {
  id: string;
  session_id: string;
  parent_id: string | null;
  token_hash: Buffer;
  created_at: Date;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  successor_ciphertext: Buffer | null;
}

export function toSession(row: SessionRow): Session {
  return Object.assign(new Session(), {
    id: row.id,
    userId: row.user_id,
    aal: row.aal,
    amr: row.amr,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
  });
}

export function toRefreshToken(row: RefreshTokenRow): RefreshToken {
  return Object.assign(new RefreshToken(), {
    id: row.id,
    sessionId: row.session_id,
    parentId: row.parent_id,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
    successorCiphertext: row.successor_ciphertext,
  });
}
