import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock } from '@app/core';
import { SigningKeys } from '../keys/signing-keys';
import { AccessTokenClaims, accessTokenClaims, AccessTokenSubject } from './access-token-claims';
import { acceptedClaims, MAX_TOKEN_LENGTH } from './access-token-rules';
import { VerifiedTokenCache } from './verified-token-cache';

export type { AccessTokenClaims, AccessTokenSubject } from './access-token-claims';
export { ACCESS_TOKEN_TYPE } from './access-token-claims';

/**
 * Signs and verifies access tokens (RFC 9068 `at+jwt`) through `JwtService`. Verification pins the
 * configured algorithm and the key named by `kid`; it never follows `jwk`, `jku`, `x5u` or `x5c`
 * headers and refuses any `crit` extension, so `alg: none`, HS/RS confusion and key injection all
 * fail. A token is verified once; until its `exp` it is then answered from a bounded cache keyed by
 * its hash.
 */
@Injectable()
export class AccessTokens {
  /**
   * Verified tokens remembered (about 1 KiB each, ACCESS_TOKEN_CACHE_SIZE of them): enough for the
   * tokens in active use on one instance; beyond it the least recently presented one is verified
   * again when it comes back.
   */
  private readonly verified: VerifiedTokenCache<AccessTokenClaims>;

  constructor(
    private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly jwt: JwtService,
  ) {
    this.verified = new VerifiedTokenCache(config.jwt.accessTokenCacheSize);
  }

  async issue(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number }> {
    const claims = accessTokenClaims(subject, this.config.jwt, this.clock.epochSeconds());
    const token = await this.jwt.signAsync(claims, { keyid: this.keys.signingKid });
    return { token, expiresIn: this.config.jwt.accessTokenTtl };
  }

  /** The verified claims, or `undefined` for anything that is not a valid access token. */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const nowMs = this.clock.now().getTime();
    const key = this.verified.keyOf(token);
    const cached = this.verified.get(key, nowMs);
    if (cached) return cached;
    const now = Math.floor(nowMs / 1000);
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<object>(token, { clockTimestamp: now });
    } catch {
      return undefined;
    }
    const claims = acceptedClaims(payload, now, this.config.jwt.accessTokenTtl);
    if (!claims) return undefined;
    // Frozen: one cached object answers every later presentation of the token.
    Object.freeze(claims.amr);
    this.verified.set(key, Object.freeze(claims), nowMs);
    return claims;
  }

  /** The claims of a payload whose signature has been checked elsewhere (the passport strategy). */
  accept(payload: unknown): AccessTokenClaims | undefined {
    return acceptedClaims(payload, this.clock.epochSeconds(), this.config.jwt.accessTokenTtl);
  }
}
