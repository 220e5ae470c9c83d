import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerModuleOptions, ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitName } from '../config';
import { RateLimitedException } from '../errors';
import { RateLimitCounter } from './rate-limit-counter';
import { RateLimitSubjects } from './rate-limit-subjects';

/**
 * The throttler guard with the contract's headers: `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` (seconds) of the limit closest to running out, and a problem+json 429
 * with an integer `Retry-After` once a limit is reached. Each named limit counts by its own key
 * (client IP, account, address, token); a request without that key is not counted by it.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly counter: RateLimitCounter,
    private readonly subjects: RateLimitSubjects,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, throttler, getTracker } = request;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const name = throttler.name as RateLimitName;
    const subject = await this.subjects.of(name, req, async () => getTracker(req, context));
    if (subject === undefined) return true;
    const state = await this.counter.hit(name, subject);
    if (state.blocked) throw new RateLimitedException(state.resetSeconds, state.headers);
    const previous = Number(reply.getHeader('RateLimit-Remaining') ?? Infinity);
    if (state.remaining <= previous) {
      for (const [header, value] of Object.entries(state.headers)) reply.header(header, value);
    }
    return true;
  }
}
