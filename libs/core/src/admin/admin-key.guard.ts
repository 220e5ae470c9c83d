import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../access/bearer';
import { NotFoundException, RateLimitedException, UnauthorizedException } from '../errors';
import { RateLimitCounter } from '../throttling/rate-limit-counter';
import { AdminKeys } from './admin-keys';

/** Who an admin call speaks for: the name of its key, recorded as `metadata.actor`. */
export interface AdminActor {
  name: string;
}

export type AdminRequest = FastifyRequest & { adminActor?: AdminActor };

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="admin"' };

/**
 * Admits calls that carry one of `ADMIN_API_KEYS` as a bearer token and counts them against the
 * key's `RATE_LIMIT_ADMIN`; 401 `unauthorized` for a missing or wrong key (a user's access token
 * included: it is no key), 404 while no key is configured. Refused attempts count against the
 * same limit per client IP, so that guessing is bounded too.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  constructor(
    private readonly keys: AdminKeys,
    private readonly limits: RateLimitCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AdminRequest>();
    if (!this.keys.configured) throw new NotFoundException();
    const presented = bearerToken(request.headers.authorization);
    const name = presented === undefined ? undefined : this.keys.nameOf(presented);
    if (name === undefined) {
      await this.count(`refused:${request.ip}`, http.getResponse<FastifyReply>());
      throw new UnauthorizedException(
        presented === undefined ? 'An admin API key is required.' : 'The admin API key is not valid.',
        CHALLENGE,
      );
    }
    await this.count(`key:${name}`, http.getResponse<FastifyReply>());
    request.adminActor = { name };
    return true;
  }

  private async count(subject: string, reply: FastifyReply): Promise<void> {
    if (!this.limits.enabled) return;
    const state = await this.limits.hit('admin', subject);
    if (state.blocked) throw new RateLimitedException(state.resetSeconds, state.headers);
    for (const [header, value] of Object.entries(state.headers)) reply.header(header, value);
  }
}
