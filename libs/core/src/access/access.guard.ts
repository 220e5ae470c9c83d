import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import { RouteMemo } from '../http/route-memo';
import { bearerToken } from './bearer';
import { InsufficientAalException, InvalidTokenException } from './invalid-token.exception';
import { AccessTokenVerifier, Aal, Principal } from './principal';

const REQUIRED_AAL = 'auth:required-aal';

/** Requires a session signed in at this assurance level (used with `AccessGuard`). */
export const RequireAal = (aal: Aal) => SetMetadata(REQUIRED_AAL, aal);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Admits requests with a valid, unrevoked access token through passport's `jwt` strategy and leaves
 * its principal on the request; refuses the rest with the contract's 401 (or 403 when the route
 * needs `aal2`).
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
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
  ) {
    super();
  }

  override getAuthenticateOptions(): AuthGuardAuthenticateOptions {
    return { session: false, property: 'principal' };
  }

  /**
   * passport keeps one strategy per name for the whole process, and looks `jwt` up right after this
   * call, in the same synchronous step. Naming this application's strategy here keeps each request
   * with its own application's keys and revocations when several run in one process (as replicas
   * do in the tests).
   */
  override getRequest(context: ExecutionContext): AuthenticatedRequest {
    passport.use('jwt', this.verifier.strategy);
    return context.switchToHttp().getRequest<AuthenticatedRequest>();
  }

  override handleRequest<T = Principal>(
    error: Error | null,
    principal: Principal | false | undefined,
    _info: unknown,
    context: ExecutionContext,
  ): T {
    // An error is not a verdict on the token (the revocation store did not answer): it keeps its own status.
    if (error) throw error;
    if (!principal) {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      throw new InvalidTokenException(bearerToken(request.headers.authorization) === undefined);
    }
    if (this.requiredAal.of(context) === 'aal2' && principal.aal !== 'aal2') {
      throw new InsufficientAalException();
    }
    return principal as T;
  }
}
