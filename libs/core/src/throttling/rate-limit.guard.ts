import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedException } from '../errors';

/**
 * The throttler guard with the contract's headers: `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` (seconds) on every limited route, and a problem+json 429 with an
 * integer `Retry-After` once the limit is reached.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = request;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const tracker = await getTracker(req, context);
    const key = generateKey(context, tracker, throttler.name ?? 'default');
    const record = await this.storageService.increment(
      key,
      ttl,
      limit,
      blockDuration,
      throttler.name ?? 'default',
    );
    const remaining = Math.max(0, limit - record.totalHits);
    const reset = Math.max(0, Math.ceil(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire));
    const headers = {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(record.isBlocked ? 0 : remaining),
      'RateLimit-Reset': String(reset),
    };
    if (record.isBlocked) throw new RateLimitedException(reset, headers);
    const previous = Number(reply.getHeader('RateLimit-Remaining') ?? Infinity);
    if (remaining <= previous) {
      for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    }
    return true;
  }
}
