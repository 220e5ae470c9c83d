import type { AppConfig, JwtAlgorithm } from '@app/core';
import { ACCESS_TOKEN_TYPE, AccessTokenClaims, hasAccessTokenShape } from './access-token-claims';

/** Clock skew tolerated on `exp`, `nbf` and `iat`, and on a token's lifetime. */
const LEEWAY_SECONDS = 30;
/** Longer strings are not access tokens; refusing them early bounds the work an attacker can cause. */
export const MAX_TOKEN_LENGTH = 4096;
/** Headers that would make a verifier trust a key, or an extension, that the token chose itself. */
const REFUSED_HEADERS = ['crit', 'jku', 'jwk', 'x5u', 'x5c'] as const;

export interface AccessTokenHeader {
  alg: string;
  kid: string;
}

export interface AccessTokenVerifyOptions {
  algorithms: JwtAlgorithm[];
  issuer: string;
  audience: string;
  clockTolerance: number;
}

/** What jsonwebtoken checks: the signature, with the algorithm pinned, `iss`, `aud`, `exp`, `nbf`. */
export function jsonWebTokenOptions(jwt: AppConfig['jwt']): AccessTokenVerifyOptions {
  return {
    algorithms: [jwt.algorithm],
    issuer: jwt.issuer,
    audience: jwt.audience,
    clockTolerance: LEEWAY_SECONDS,
  };
}

/**
 * The protected header, if it is one the service writes: `typ` at+jwt, a `kid`, the configured
 * algorithm, and none of `crit`, `jku`, `jwk`, `x5u`, `x5c`.
 */
export function acceptedHeader(token: string, algorithm: string): AccessTokenHeader | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  const h = header as Record<string, unknown>;
  if (h.typ !== ACCESS_TOKEN_TYPE || h.alg !== algorithm || typeof h.kid !== 'string') return undefined;
  if (REFUSED_HEADERS.some((name) => name in h)) return undefined;
  return { alg: h.alg, kid: h.kid };
}

/**
 * The claims, if they are the service's own shape and their times hold at `now` (epoch seconds):
 * `iat`, `exp` (and `nbf` when present) whole numbers, not expired, not issued or valid only in the
 * future, and a lifetime no longer than ACCESS_TOKEN_TTL. Beyond the signature, this limits what a
 * leaked or mis-issued key could make the service accept.
 */
export function acceptedClaims(
  payload: unknown,
  now: number,
  accessTokenTtl: number,
): AccessTokenClaims | undefined {
  if (!hasAccessTokenShape(payload)) return undefined;
  const { iat, exp, nbf } = payload;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return undefined;
  if (nbf !== undefined && (!Number.isSafeInteger(nbf) || nbf > now + LEEWAY_SECONDS)) return undefined;
  if (iat > now + LEEWAY_SECONDS || exp + LEEWAY_SECONDS <= now) return undefined;
  if (exp - iat > accessTokenTtl + LEEWAY_SECONDS) return undefined;
  return payload;
}
