import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnvironment } from '@app/core/testing';

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: testEnvironment().adminUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * An empty database of a test's own (the first instance started with DB_MIGRATE_ON_START=true
 * migrates it), for tests whose background work must not meet that of other test files.
 */
export async function createOwnDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `auth_test_own_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(testEnvironment().adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
