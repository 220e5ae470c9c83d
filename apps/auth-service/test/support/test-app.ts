import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, Env } from '@app/core';
import { LogCapture, testConfig } from '@app/core/testing';
import { createApp } from '../../src/app.factory';
import type { AppOptions } from '../../src/app.module';
import { ProbeModule } from '../fixtures/probe.module';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * The whole service on the run's Postgres and Redis, plus the probe routes of
 * `fixtures/probe.module.ts`, with its log lines captured. Pass the same `config` to two
 * calls for two instances that share Redis keys.
 */
export async function startTestApp(
  overrides: Env = {},
  config = testConfig(overrides),
  options: Omit<AppOptions, 'logStream'> = {},
): Promise<TestApp> {
  const logs = new LogCapture();
  const app = await createApp(config, {
    ...options,
    logStream: logs,
    extraModules: [ProbeModule, ...(options.extraModules ?? [])],
  });
  return { app, config, logs, close: () => app.close() };
}
