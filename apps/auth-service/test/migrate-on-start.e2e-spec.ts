import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadSqlMigrations } from '@app/core';
import { LogCapture, testConfig, testEnvironment } from '@app/core/testing';
import { createApp } from '../src/app.factory';

const env = testEnvironment();
const MIGRATIONS = loadSqlMigrations().map((migration) => new migration().name!);

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: env.adminUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('DB_MIGRATE_ON_START', () => {
  let database: string;
  const apps: NestFastifyApplication[] = [];

  beforeEach(async () => {
    database = `auth_test_start_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${database}`);
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('lets two instances start together on an empty database, migrating it once', async () => {
    const url = new URL(env.adminUrl);
    url.pathname = `/${database}`;
    const logs = [new LogCapture(), new LogCapture()];

    const started = await Promise.allSettled(
      logs.map((logStream) =>
        createApp(testConfig({ DATABASE_URL: url.toString(), DB_MIGRATE_ON_START: 'true' }), { logStream }),
      ),
    );
    for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
    expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);

    for (const app of apps) {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    }
    const recorded: Array<{ name: string; times: number }> = await apps[0]!
      .get(DataSource)
      .query('SELECT name, count(*)::int AS times FROM schema_migrations GROUP BY name ORDER BY name');
    expect(recorded).toEqual(MIGRATIONS.map((name) => ({ name, times: 1 })));
    const migrators = logs.filter((capture) => capture.text().includes(`applied ${MIGRATIONS[0]}`));
    expect(migrators).toHaveLength(1);
  });
});
