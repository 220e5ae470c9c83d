import { Controller, Get, Headers, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import type { Counter } from 'prom-client';
import {
  AccessTokenVerifier,
  ApiProblemResponse,
  ExemptFrom,
  bearerToken,
  InvalidTokenException,
  SkipRateLimits,
} from '@app/core';
import { TokenIntrospection } from '../dto/responses';
import { VERIFICATIONS } from '../tokens.metrics';

const IDENTITY_HEADERS = {
  'X-Auth-User-Id': {
    description: 'The `sub` claim: the user id.',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  'X-Auth-Session-Id': {
    description: 'The `sid` claim: the session id.',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  'X-Auth-Aal': {
    description: 'The `aal` claim.',
    required: true,
    schema: { type: 'string', enum: ['aal1', 'aal2'] },
  },
  'Cache-Control': { description: '`no-store`', required: true, schema: { type: 'string' } },
};

/**
 * For gateways (nginx `auth_request`, Envoy `ext_authz`, Traefik `forwardAuth`): 200 with the claims
 * and `X-Auth-*` headers for a live access token, 401 otherwise. Called for every request a gateway
 * passes, so it is kept to the verification itself: not subject to end-user limits, not logged
 * line by line (see `logRequests`), no browser security headers, its counters bound once.
 */
@ApiTags('gateway')
@SkipRateLimits()
@Controller('verify-token')
export class VerifyTokenController {
  private readonly valid: Counter.Internal;
  private readonly invalid: Counter.Internal;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    @InjectMetric(VERIFICATIONS) verifications: Counter<string>,
  ) {
    this.valid = verifications.labels({ result: 'valid' });
    this.invalid = verifications.labels({ result: 'invalid' });
  }

  @Get()
  @ExemptFrom('security-headers', 'request-log')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Verify an access token (signature, claims, revocation)' })
  @ApiOkResponse({
    type: TokenIntrospection,
    description: 'A live access token; the identity is also in the `X-Auth-*` headers for the gateway.',
    headers: IDENTITY_HEADERS,
  })
  @ApiProblemResponse(
    401,
    '`unauthorized`: no bearer token, or one that is invalid, expired, revoked or not an access token.',
  )
  @ApiUnauthorizedResponse({
    headers: {
      'WWW-Authenticate': {
        description: '`Bearer error="invalid_token"`',
        required: true,
        schema: { type: 'string' },
      },
    },
  })
  async verify(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenIntrospection> {
    const token = bearerToken(authorization);
    const principal = token ? await this.verifier.verify(token) : undefined;
    if (!principal) {
      this.invalid.inc();
      throw new InvalidTokenException();
    }
    this.valid.inc();
    reply.headers({
      'cache-control': 'no-store',
      'x-auth-user-id': principal.userId,
      'x-auth-session-id': principal.sessionId,
      'x-auth-aal': principal.aal,
    });
    return {
      active: true,
      sub: principal.userId,
      sid: principal.sessionId,
      exp: principal.expiresAt,
      iat: principal.issuedAt,
      aal: principal.aal,
      amr: principal.amr,
      email: principal.email,
    };
  }
}
