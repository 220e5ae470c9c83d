import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RouteMemo } from '../http/route-memo';
import { bearerToken } from './bearer';
import { InsufficientAalException, InvalidTokenException } from './invalid-token.exception';
import { AccessTokenVerifier, Aal, Principal } from './principal';

const REQUIRED_AAL = 'auth:required-aal';

/** Requires a session signed in at this assurance level (used with `AccessGuard`). */
export const RequireAal = (aal: Aal) => SetMetadata(REQUIRED_AAL, aal);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Admits requests with a valid, unrevoked access token and leaves its principal on the request;
 * refuses the rest with 401 (or 403 when the route needs `aal2`).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** The level each route requires, read from its metadata on its first call. */
  private readonly requiredAal = new RouteMemo((context) =>
    this.reflector.getAllAndOverride<Aal | undefined>(REQUIRED_AAL, [
      context.getHandler(),
      context.getClass(),
    ]),
  );

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new InvalidTokenException(true);
    const principal = await this.verifier.verify(token);
    if (!principal) throw new InvalidTokenException();
    if (this.requiredAal.of(context) === 'aal2' && principal.aal !== 'aal2') {
      throw new InsufficientAalException();
    }
    request.principal = principal;
    return true;
  }
}
