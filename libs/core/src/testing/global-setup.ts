import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { buildDataSourceOptions, runPendingMigrations } from '../database';
import { TEST_ENV_VARIABLE, TestEnvironment } from './test-environment';

/**
 * Creates a throwaway database for this run and applies the real migrations to it. Postgres and
 * Redis come from TEST_POSTGRES_URL / TEST_REDIS_URL, by default the local servers.
 */
export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `auth_test_${runId}`;

  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`the tests need Postgres at ${adminUrl}: ${(error as Error).message}`, { cause: error });
  }
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();

  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`the tests need Redis at ${redisUrl}: ${(error as Error).message}`, { cause: error });
  } finally {
    redis.disconnect();
  }

  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  Logger.overrideLogger(['error', 'warn']);
  const dataSource = await new DataSource(
    buildDataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl })),
  ).initialize();
  await runPendingMigrations(dataSource);
  await dataSource.destroy();

  const environment: TestEnvironment = {
    databaseUrl,
    adminUrl,
    redisUrl,
    redisPrefix: `test:${runId}:`,
    tmpRoot: mkdtempSync(join(tmpdir(), `auth-test-${runId}-`)),
  };
  process.env[TEST_ENV_VARIABLE] = JSON.stringify(environment);
}
