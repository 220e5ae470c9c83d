import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, RATE_LIMIT_DEFAULTS, RateLimitName } from '../config';
import { RateLimitCounter, rateLimitedRequestsProvider } from './rate-limit-counter';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitSubjects } from './rate-limit-subjects';
import { ResilientThrottlerStorage } from './resilient-throttler.storage';

const COUNTING = [ResilientThrottlerStorage, RateLimitCounter, RateLimitSubjects];

@Module({ providers: [...COUNTING, rateLimitedRequestsProvider], exports: COUNTING })
class RateLimitCountingModule {}

/**
 * The limits of the configuration. `global` counts every request of a client IP, whatever the
 * route; each other named limit applies only to the routes that name it with `@ApplyRateLimits(...)`,
 * counted by its key (see `RateLimitKey`) across those routes. `@SkipRateLimits()` exempts a route
 * from all of them. `RateLimitCounter` is exported for limits a service counts itself.
 */
@Module({
  imports: [
    RateLimitCountingModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitCountingModule],
      inject: [AppConfig, ResilientThrottlerStorage],
      useFactory: (config: AppConfig, storage: ResilientThrottlerStorage) => ({
        storage,
        throttlers: (Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]).map((name) => ({
          name,
          limit: config.rateLimits[name].limit,
          ttl: config.rateLimits[name].ttlMs,
        })),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
  exports: [RateLimitCountingModule],
})
export class ThrottlingModule {}
