import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AdminKeys } from './admin';
import { AppConfig } from './config';
import { DatabaseModule } from './database';
import { DependencyMonitor, dependencyUpProvider } from './dependencies';
import { ProblemFilter } from './errors';
import { EarlyRefusals } from './http';
import { LogDestination, LoggingModule } from './logging';
import { MetricsModule } from './metrics';
import { RedisModule } from './redis';
import { SecretKeys } from './security';
import { Clock } from './time';
import { ThrottlingModule } from './throttling';

export interface CoreModuleOptions {
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: DestinationStream;
  /** The time source; tests pass a clock they control. */
  clock?: Clock;
}

/**
 * The infrastructure every feature module relies on: configuration, logging, Postgres,
 * Redis (and the monitor of both), rate limiting, metrics and the problem+json error filter.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    const configProviders = [
      { provide: AppConfig, useValue: config },
      { provide: LogDestination, useValue: { stream: options.logStream } },
      { provide: Clock, useValue: options.clock ?? new Clock() },
    ];
    return {
      module: CoreModule,
      imports: [LoggingModule, RedisModule, DatabaseModule.forRoot(), ThrottlingModule, MetricsModule],
      providers: [
        ...configProviders,
        SecretKeys,
        AdminKeys,
        DependencyMonitor,
        dependencyUpProvider,
        EarlyRefusals,
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [
        ...configProviders.map((p) => p.provide),
        SecretKeys,
        AdminKeys,
        RedisModule,
        ThrottlingModule,
        EarlyRefusals,
      ],
    };
  }
}
