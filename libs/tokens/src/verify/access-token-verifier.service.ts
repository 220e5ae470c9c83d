import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, Principal } from '@app/core';
import { AccessTokens } from '../jwt/access-tokens';
import { JwtStrategy } from './jwt.strategy';

/**
 * A token is accepted when its signature and claims verify and its session is not revoked. Protected
 * routes check this through passport (`strategy`); verify-token, called by gateways for every
 * request, calls `verify`, which answers a token seen before from memory.
 */
@Injectable()
export class AccessTokenVerifierService extends AccessTokenVerifier {
  constructor(
    private readonly accessTokens: AccessTokens,
    readonly strategy: JwtStrategy,
  ) {
    super();
  }

  async verify(token: string): Promise<Principal | undefined> {
    const claims = await this.accessTokens.verify(token);
    return claims && this.strategy.admit(claims);
  }
}
