import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, Env } from '@app/core';
import { LogCapture, testConfig } from '@app/core/testing';
import { createApp } from '../src/app.factory';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  logs: LogCapture;
  close(): Promise<void>;
}

/** The whole service on the run's Postgres and Redis, with its log lines captured. */
export async function startTestApp(overrides: Env = {}, config = testConfig(overrides)): Promise<TestApp> {
  const logs = new LogCapture();
  const app = await createApp(config, { logStream: logs });
  return { app, config, logs, close: () => app.close() };
}
