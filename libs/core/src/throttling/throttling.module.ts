import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, RATE_LIMIT_DEFAULTS, RateLimitName } from '../config';
import { RateLimitGuard } from './rate-limit.guard';
import { ResilientThrottlerStorage } from './resilient-throttler.storage';

@Module({ providers: [ResilientThrottlerStorage], exports: [ResilientThrottlerStorage] })
class ThrottlerStorageModule {}

/**
 * Registers the named limits of the configuration globally. Routes opt into a stricter named
 * limit with `@Throttle`, and out of all limits with `@SkipRateLimits()`.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [AppConfig, ResilientThrottlerStorage],
      useFactory: (config: AppConfig, storage: ResilientThrottlerStorage) => ({
        storage,
        skipIf: () => !config.rateLimits.enabled,
        throttlers: (Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]).map((name) => ({
          name,
          limit: config.rateLimits[name].limit,
          ttl: config.rateLimits[name].ttlMs,
        })),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class ThrottlingModule {}
