import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, Principal } from '@app/core';
import { AccessTokens } from '../jwt/access-tokens';
import { RevokedSessions } from '../sessions/revoked-sessions';

/** A token is accepted when its signature and claims verify and its session is not revoked. */
@Injectable()
export class AccessTokenVerifierService extends AccessTokenVerifier {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly revoked: RevokedSessions,
  ) {
    super();
  }

  async verify(token: string): Promise<Principal | undefined> {
    const claims = await this.accessTokens.verify(token);
    if (!claims || (await this.revoked.isRevoked(claims.sid))) return undefined;
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
