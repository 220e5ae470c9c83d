import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AppConfig, RateLimitName } from '../config';
import { RateLimitedException } from '../errors';
import { ResilientThrottlerStorage } from './resilient-throttler.storage';

export const RATE_LIMITED_REQUESTS = 'auth_rate_limited_requests_total';

export const rateLimitedRequestsProvider = makeCounterProvider({
  name: RATE_LIMITED_REQUESTS,
  help: 'Requests refused with 429 rate_limited, by named limit.',
  labelNames: ['limit'],
});

/** Where one subject stands against one named limit after a hit. */
export interface RateLimitState {
  blocked: boolean;
  remaining: number;
  /** The `RateLimit-*` headers of this limit for this subject. */
  headers: Record<string, string>;
  /** Seconds until the window (or, once blocked, the block) ends; at least 1 when blocked. */
  resetSeconds: number;
}

/**
 * Counts hits against the named limits of the configuration, in the throttler storage (Redis,
 * shared by every replica; per-instance memory while Redis is away). The guard counts the
 * limits it can key from the request; a service counts those it can key only later (the
 * session of a refresh token) with `enforce`.
 */
@Injectable()
export class RateLimitCounter {
  constructor(
    private readonly config: AppConfig,
    private readonly storage: ResilientThrottlerStorage,
    @InjectMetric(RATE_LIMITED_REQUESTS) private readonly refused: Counter<string>,
  ) {}

  /** False with RATE_LIMIT_ENABLED=false: callers can skip the work of finding a subject. */
  get enabled(): boolean {
    return this.config.rateLimits.enabled;
  }

  async hit(name: RateLimitName, subject: string): Promise<RateLimitState> {
    const { limit, ttlMs } = this.config.rateLimits[name];
    const record = await this.storage.increment(`${name}:${subject}`, ttlMs, limit, ttlMs, name);
    const blocked = record.isBlocked;
    const remaining = blocked ? 0 : Math.max(0, limit - record.totalHits);
    const reset = Math.ceil(blocked ? record.timeToBlockExpire : record.timeToExpire);
    const resetSeconds = Math.max(blocked ? 1 : 0, reset);
    if (blocked) this.refused.inc({ limit: name });
    return {
      blocked,
      remaining,
      resetSeconds,
      headers: {
        'RateLimit-Limit': String(limit),
        'RateLimit-Remaining': String(remaining),
        'RateLimit-Reset': String(resetSeconds),
      },
    };
  }

  /** Counts one hit (unless RATE_LIMIT_ENABLED=false) and throws 429 `rate_limited` over the limit. */
  async enforce(name: RateLimitName, subject: string): Promise<void> {
    if (!this.enabled) return;
    const state = await this.hit(name, subject);
    if (state.blocked) throw new RateLimitedException(state.resetSeconds, state.headers);
  }
}
