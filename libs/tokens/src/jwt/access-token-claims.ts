import { randomUUID } from 'node:crypto';
import type { Aal, AppConfig } from '@app/core';

/** RFC 9068: the `typ` header of a JWT access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** What an access token says about its session. */
export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  email: string;
  /** Operator-owned (roles, plan names): the `app_metadata` claim. */
  appMetadata: Record<string, unknown>;
  amr: string[];
  aal: Aal;
}

export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  email: string;
  app_metadata?: Record<string, unknown>;
  amr: string[];
  aal: Aal;
}

/** Every claim an access token carries, in one place: what is signed is exactly this object. */
export function accessTokenClaims(
  subject: AccessTokenSubject,
  jwt: AppConfig['jwt'],
  issuedAt: number,
): AccessTokenClaims {
  return {
    iss: jwt.issuer,
    aud: jwt.audience,
    sub: subject.userId,
    sid: subject.sessionId,
    jti: randomUUID(),
    iat: issuedAt,
    exp: issuedAt + jwt.accessTokenTtl,
    email: subject.email,
    app_metadata: subject.appMetadata,
    amr: subject.amr,
    aal: subject.aal,
  };
}

/** The shape of the claims the service writes; anything else signed with its key is refused. */
export function hasAccessTokenShape(payload: unknown): payload is AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const p = payload as Record<string, unknown>;
  return (
    typeof p.sub === 'string' &&
    typeof p.sid === 'string' &&
    typeof p.jti === 'string' &&
    typeof p.email === 'string' &&
    (p.aal === 'aal1' || p.aal === 'aal2') &&
    Array.isArray(p.amr) &&
    p.amr.every((m) => typeof m === 'string')
  );
}
