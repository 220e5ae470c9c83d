import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RedisService } from '@app/core';

/**
 * Redis readiness. A Redis outage degrades the service (per-instance rate limits, revocation
 * read from Postgres, no OTP sending) but never makes it unready, so that the gateway keeps
 * every replica in rotation.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly redis: RedisService,
  ) {}

  async check(timeoutMs: number): Promise<HealthIndicatorResult<'redis'>> {
    const session = this.health.check('redis');
    const client = this.redis.client;
    if (!client) return session.up({ mode: 'in-process' });
    if (!this.redis.isReady()) {
      return session.degraded({ message: 'redis is down; serving in degraded mode' });
    }
    try {
      await Promise.race([
        client.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return session.up();
    } catch {
      return session.degraded({ message: 'redis is not answering; serving in degraded mode' });
    }
  }
}
