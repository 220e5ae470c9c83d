import { mkdtempSync } from 'node:fs';
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
    LOG_LEVEL: 'info',
    BCRYPT_COST: '10',
    DB_MIGRATE_ON_START: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    SHUTDOWN_DRAIN_MS: '0',
    // Every test signs in from 127.0.0.1; tests of the limits set their own.
    RATE_LIMIT_LOGIN_IP: '100000/60',
    RATE_LIMIT_REGISTER_IP: '100000/60',
    RATE_LIMIT_OTP_SEND_IP: '100000/60',
    RATE_LIMIT_OTP_VERIFY_IP: '100000/60',
    RATE_LIMIT_MFA_VERIFY_IP: '100000/60',
    RATE_LIMIT_LOGIN_ACCOUNT: '100000/60',
    RATE_LIMIT_OTP_SEND_DESTINATION: '100000/60',
    RATE_LIMIT_OTP_VERIFY_DESTINATION: '100000/60',
    RATE_LIMIT_REFRESH_SESSION: '100000/60',
    RATE_LIMIT_MFA_VERIFY_TOKEN: '100000/60',
    RATE_LIMIT_PASSKEY_OPTIONS_IP: '100000/60',
    RATE_LIMIT_PASSKEY_LOGIN_IP: '100000/60',
    RATE_LIMIT_PASSKEY_CREDENTIAL: '100000/60',
  };
  const dataDir = 'DATA_DIR' in overrides ? {} : { DATA_DIR: mkdtempSync(join(env.tmpRoot, 'data-')) };
  const config = loadConfig({ ...base, ...dataDir, ...overrides });
  return { ...config, redis: { ...config.redis, keyPrefix: uniqueRedisPrefix() } };
}
