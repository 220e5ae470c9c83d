import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, RATE_LIMIT_DEFAULTS, RateLimitName } from '../config';
import { routeRateLimits } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { ResilientThrottlerStorage } from './resilient-throttler.storage';

@Module({ providers: [ResilientThrottlerStorage], exports: [ResilientThrottlerStorage] })
class ThrottlerStorageModule {}

/**
 * The limits of the configuration. `global` counts every request of a client IP, whatever the
 * route; each other named limit applies only to the routes that name it with `@ApplyRateLimits(...)`,
 * counted per client IP across those routes. `@SkipRateLimits()` exempts a route from all of them.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [AppConfig, ResilientThrottlerStorage],
      useFactory: (config: AppConfig, storage: ResilientThrottlerStorage) => ({
        storage,
        throttlers: (Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]).map((name) => ({
          name,
          limit: config.rateLimits[name].limit,
          ttl: config.rateLimits[name].ttlMs,
          skipIf: (context: ExecutionContext) =>
            !config.rateLimits.enabled || (name !== 'global' && !routeRateLimits(context).includes(name)),
          generateKey: (_context: ExecutionContext, tracker: string) => `${name}:${tracker}`,
        })),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class ThrottlingModule {}
