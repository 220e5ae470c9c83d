import { Injectable } from '@nestjs/common';
import { errors, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { Aal, AppConfig, Clock } from '@app/core';
import { SigningKeys } from '../keys/signing-keys';
import { VerifiedTokenCache } from './verified-token-cache';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Clock skew tolerated on `exp`, `nbf` and `iat`. */
const LEEWAY_SECONDS = 30;
/** Longer strings are not access tokens; refusing them early bounds the work an attacker can cause. */
const MAX_TOKEN_LENGTH = 4096;

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  email: string;
  /** Operator-owned (roles, plan names): the `app_metadata` claim. */
  appMetadata: Record<string, unknown>;
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
 * extension, so `alg: none`, HS/RS confusion and key injection all fail. A token is verified once;
 * until its `exp` it is then answered from a bounded cache keyed by its hash.
 */
@Injectable()
export class AccessTokens {
  /**
   * Verified tokens remembered (about 1 KiB each, ACCESS_TOKEN_CACHE_SIZE of them): enough for the
   * tokens in active use on one instance; beyond it the least recently presented one is verified
   * again when it comes back.
   */
  private readonly verified: VerifiedTokenCache<AccessTokenClaims>;
  private readonly verifyOptions: JWTVerifyOptions;
  private readonly keyFor: JWTVerifyGetKey;

  constructor(
    private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {
    this.verified = new VerifiedTokenCache(config.jwt.accessTokenCacheSize);
    this.verifyOptions = {
      algorithms: [keys.algorithm],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: LEEWAY_SECONDS,
      requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
    };
    this.keyFor = (header) => {
      const entry = this.keys.verificationKey(header.kid, header.alg);
      if (!entry) throw new errors.JWKSNoMatchingKey();
      return entry.key;
    };
  }

  async issue(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number }> {
    const now = this.clock.epochSeconds();
    const expiresIn = this.config.jwt.accessTokenTtl;
    const token = await new SignJWT({
      sid: subject.sessionId,
      email: subject.email,
      app_metadata: subject.appMetadata,
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
    const now = this.clock.now();
    const key = this.verified.keyOf(token);
    const cached = this.verified.get(key, now.getTime());
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, this.keyFor, { ...this.verifyOptions, currentDate: now });
      if (!isAccessTokenClaims(payload)) return undefined;
      // Frozen: one cached object answers every later presentation of the token.
      Object.freeze(payload.amr);
      const claims = Object.freeze(payload);
      this.verified.set(key, claims, now.getTime());
      return claims;
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
