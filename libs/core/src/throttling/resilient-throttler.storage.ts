import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { RedisService } from '../redis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis (one atomic script per hit, shared by every replica), falling
 * back to per-instance memory counters while Redis is absent or not answering, so that a
 * Redis outage degrades limits instead of failing requests.
 */
@Injectable()
export class ResilientThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly memory = new ThrottlerStorageService();
  private readonly redis: ThrottlerStorageRedisService | undefined;

  constructor(private readonly redisService: RedisService) {
    if (redisService.client) this.redis = new ThrottlerStorageRedisService(redisService.client);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.redis && this.redisService.isReady()) {
      try {
        return await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
      } catch (error) {
        // Redis failed mid-request: count this hit locally rather than fail the request.
        this.redisService.reportFailure(error);
      }
    }
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
  }
}
