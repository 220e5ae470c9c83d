import { randomUUID } from 'node:crypto';

/** What the global set-up made for this run, passed to every worker through the environment. */
export interface TestEnvironment {
  /** A database created for this run, with every migration applied. */
  databaseUrl: string;
  /** The server's maintenance database, for tests that create throwaway databases of their own. */
  adminUrl: string;
  redisUrl: string;
  /** Prefix of every Redis key this run writes. */
  redisPrefix: string;
  /** A folder for the run's data directories, removed by the global teardown. */
  tmpRoot: string;
}

export const TEST_ENV_VARIABLE = 'AUTH_TEST_ENVIRONMENT';

export function testEnvironment(): TestEnvironment {
  const raw = process.env[TEST_ENV_VARIABLE];
  if (!raw) throw new Error('the Jest global set-up did not run (see jest.config.js)');
  return JSON.parse(raw) as TestEnvironment;
}

/** A Redis key prefix of its own for one test or one app instance. */
export function uniqueRedisPrefix(): string {
  return `${testEnvironment().redisPrefix}${randomUUID().slice(0, 8)}:`;
}
