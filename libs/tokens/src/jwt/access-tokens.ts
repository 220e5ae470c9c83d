import { Injectable } from '@nestjs/common';
import { errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { Aal, AppConfig, Clock } from '@app/core';
import { SigningKeys } from '../keys/signing-keys';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Clock skew tolerated on `exp`, `nbf` and `iat`. */
const LEEWAY_SECONDS = 30;
/** Longer strings are not access tokens; refusing them early bounds the work an attacker can cause. */
const MAX_TOKEN_LENGTH = 4096;

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  email: string;
  amr: string[];
  aal: Aal;
}

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  email: string;
  amr: string[];
  aal: Aal;
}

/**
 * Signs and verifies access tokens (RFC 9068 `at+jwt`). Verification pins the configured algorithm
 * and the key named by `kid`; it never follows `jwk`, `jku` or `x5u` headers and refuses any `crit`
 * extension, so `alg: none`, HS/RS confusion and key injection all fail.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  async issue(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number }> {
    const now = this.clock.epochSeconds();
    const expiresIn = this.config.jwt.accessTokenTtl;
    const token = await new SignJWT({
      sid: subject.sessionId,
      email: subject.email,
      amr: subject.amr,
      aal: subject.aal,
    })
      .setProtectedHeader({ alg: this.keys.algorithm, kid: this.keys.signingKid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.config.jwt.issuer)
      .setAudience(this.config.jwt.audience)
      .setSubject(subject.userId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .sign(this.keys.signingKey);
    return { token, expiresIn };
  }

  /** The verified claims, or `undefined` for anything that is not a valid access token. */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const entry = this.keys.verificationKey(header.kid, header.alg);
          if (!entry) throw new errors.JWKSNoMatchingKey();
          return entry.key;
        },
        {
          algorithms: [this.keys.algorithm],
          issuer: this.config.jwt.issuer,
          audience: this.config.jwt.audience,
          typ: ACCESS_TOKEN_TYPE,
          clockTolerance: LEEWAY_SECONDS,
          currentDate: this.clock.now(),
          requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
        },
      );
      return isAccessTokenClaims(payload) ? payload : undefined;
    } catch {
      return undefined;
    }
  }
}

function isAccessTokenClaims(payload: JWTPayload): payload is AccessTokenClaims {
  const p = payload as Record<string, unknown>;
  return (
    typeof p.sub === 'string' &&
    typeof p.sid === 'string' &&
    typeof p.email === 'string' &&
    (p.aal === 'aal1' || p.aal === 'aal2') &&
    Array.isArray(p.amr) &&
    p.amr.every((m) => typeof m === 'string')
  );
}
