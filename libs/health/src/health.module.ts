import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@app/core';
import { HealthController } from './health.controller';
import { PostgresHealthIndicator } from './postgres.health';
import { RedisHealthIndicator } from './redis.health';

/**
 * `/healthz` and `/readyz`. On SIGTERM, `/readyz` answers 503 for `SHUTDOWN_DRAIN_MS` while
 * the listener still serves, so the gateway stops routing here before connections close.
 */
@Module({
  imports: [
    TerminusModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        gracefulShutdownTimeoutMs: config.shutdownDrainMs,
        logger: false,
      }),
    }),
  ],
  controllers: [HealthController],
  providers: [PostgresHealthIndicator, RedisHealthIndicator],
})
export class HealthModule {}
