import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, Env, loadConfig } from '../config';
import { testEnvironment, uniqueRedisPrefix } from './test-environment';

/**
 * Configuration for a test: the run's database and Redis (under a key prefix of its own),
 * a private data directory, quiet logs, and whatever the test overrides. An override of
 * `undefined` removes a variable (e.g. `{ REDIS_URL: undefined }` for the in-process stores).
 */
export function testConfig(overrides: Env = {}): AppConfig {
  const env = testEnvironment();
  const base: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'auth-test-')),
    LOG_LEVEL: 'info',
    BCRYPT_COST: '10',
    DB_MIGRATE_ON_START: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    SHUTDOWN_DRAIN_MS: '0',
  };
  const config = loadConfig({ ...base, ...overrides });
  return { ...config, redis: { ...config.redis, keyPrefix: uniqueRedisPrefix() } };
}
