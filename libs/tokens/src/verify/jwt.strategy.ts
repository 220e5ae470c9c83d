import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { AppConfig, bearerToken, Principal } from '@app/core';
import { AccessTokenClaims } from '../jwt/access-token-claims';
import { jsonWebTokenOptions } from '../jwt/access-token-rules';
import { AccessTokens } from '../jwt/access-tokens';
import { SigningKeys } from '../keys/signing-keys';
import { RevokedSessions } from '../sessions/revoked-sessions';

/**
 * The bearer check of protected routes (`AccessGuard`, `AuthGuard('jwt')`): the bearer token of the
 * `Authorization` header, its key chosen by `kid` once its header passes the rules, the configured
 * algorithm, issuer and audience checked by jsonwebtoken, then the claim rules and the session's
 * revocation. `GET /v1/verify-token` runs the same rules through `AccessTokens.verify` and `admit`.
 * (jsonwebtoken reads the system clock here; the claim rules read the service's `Clock`, the same
 * one outside tests.)
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    keys: SigningKeys,
    private readonly accessTokens: AccessTokens,
    private readonly revoked: RevokedSessions,
  ) {
    const { algorithms, issuer, audience, clockTolerance } = jsonWebTokenOptions(config.jwt);
    super({
      jwtFromRequest: (request: FastifyRequest) => bearerToken(request.headers.authorization) ?? null,
      secretOrKeyProvider: (_request: FastifyRequest, token: string, done) => {
        const key = keys.keyForToken(token);
        if (!key) return done(new Error('no verification key for this token'));
        // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject; its typings predate that.
        done(null, key as unknown as Buffer);
      },
      algorithms,
      issuer,
      audience,
      jsonWebTokenOptions: { clockTolerance },
    });
  }

  /** Called by passport-jwt with the payload whose signature it verified. */
  async validate(payload: unknown): Promise<Principal | undefined> {
    const claims = this.accessTokens.accept(payload);
    return claims && this.admit(claims);
  }

  /** The principal of verified claims, unless their session has been revoked. */
  async admit(claims: AccessTokenClaims): Promise<Principal | undefined> {
    if (await this.revoked.isRevoked(claims.sid)) return undefined;
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      email: claims.email,
      aal: claims.aal,
      amr: claims.amr,
      issuedAt: claims.iat,
      expiresAt: claims.exp,
    };
  }
}
