import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RedisService } from '@app/core';
import { DEPENDENCY_MESSAGES } from './dependency-messages';
import { within } from './within';

/**
 * Redis readiness. A Redis outage degrades the service (per-instance rate limits, revocation
 * read from Postgres, no OTP sending) but never makes it unready, so that the gateway keeps
 * every replica in rotation. Its causes are logged where the connection notices them.
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
    if (!this.redis.isReady()) return session.degraded({ message: DEPENDENCY_MESSAGES.redisDown });
    try {
      await within(client.ping(), timeoutMs);
      return session.up();
    } catch {
      return session.degraded({ message: DEPENDENCY_MESSAGES.redisNotAnswering });
    }
  }
}
