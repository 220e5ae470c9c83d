import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, RateLimitName } from '../config';
import { RateLimitedException } from '../errors';
import { RouteMemo } from '../http/route-memo';
import { routeRateLimits } from './rate-limit.decorator';
import { RateLimitCounter } from './rate-limit-counter';
import { RateLimitSubjects } from './rate-limit-subjects';
import { skipsRateLimits } from './skip-rate-limits.decorator';

/**
 * The throttler guard with the contract's headers: `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` (seconds) of the limit closest to running out, and a problem+json 429
 * with an integer `Retry-After` once a limit is reached. Each named limit counts by its own key
 * (client IP, account, address, token); a request without that key is not counted by it.
 *
 * Which limits a route has is static: it is worked out from the route's metadata on its first
 * request and remembered, so that exempt routes (verify-token, health) cost nothing here.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** `global` for every route, the limits the route names, none when limits are off or it is exempt. */
  private readonly routeLimits = new RouteMemo<RateLimitName[]>((context) => {
    if (!this.config.rateLimits.enabled || skipsRateLimits(context)) return [];
    const named = routeRateLimits(context);
    return this.throttlers
      .map(({ name }) => name as RateLimitName)
      .filter((name) => name === 'global' || named.includes(name));
  });

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
    private readonly counter: RateLimitCounter,
    private readonly subjects: RateLimitSubjects,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    for (const name of this.routeLimits.of(context)) await this.count(context, name);
    return true;
  }

  private async count(context: ExecutionContext, name: RateLimitName): Promise<void> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const subject = await this.subjects.of(name, req, () => this.getTracker(req));
    if (subject === undefined) return;
    const state = await this.counter.hit(name, subject);
    if (state.blocked) throw new RateLimitedException(state.resetSeconds, state.headers);
    const previous = Number(reply.getHeader('RateLimit-Remaining') ?? Infinity);
    if (state.remaining <= previous) {
      for (const [header, value] of Object.entries(state.headers)) reply.header(header, value);
    }
  }
}
