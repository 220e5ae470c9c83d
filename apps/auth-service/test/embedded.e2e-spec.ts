import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadSqlMigrations } from '@app/core';
import { LogCapture, testConfig } from '@app/core/testing';
import { createApp } from '../src/app.factory';

const MIGRATIONS = loadSqlMigrations().map((migration) => new migration().name!);

/** A fresh PGlite takes seconds and hundreds of megabytes to boot: this file boots it twice. */
const BOOT_TIMEOUT_MS = 120_000;

describe('embedded Postgres (no DATABASE_URL)', () => {
  let dataDir: string;
  let app: NestFastifyApplication | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'auth-embedded-'));
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(): Promise<NestFastifyApplication> {
    const config = testConfig({ DATABASE_URL: undefined, DB_MIGRATE_ON_START: 'true', DATA_DIR: dataDir });
    return createApp(config, { logStream: new LogCapture() });
  }

  async function stop(): Promise<void> {
    await app?.close();
    app = undefined;
  }

  async function expectReady(instance: NestFastifyApplication): Promise<void> {
    const res = await instance.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ info: { postgres: { status: 'up' } } });
  }

  async function recordedMigrations(dataSource: DataSource): Promise<string[]> {
    const rows: Array<{ name: string }> = await dataSource.query(
      'SELECT name FROM schema_migrations ORDER BY id',
    );
    return rows.map((row) => row.name);
  }

  it(
    'migrates a fresh data directory, serves, and keeps its data across a restart',
    async () => {
      app = await start();
      await expectReady(app);
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
      let dataSource = app.get(DataSource);
      expect(await recordedMigrations(dataSource)).toEqual(MIGRATIONS);
      const [user]: Array<{ id: string }> = await dataSource.query(
        'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id',
        ['ada@example.com', '$2b$10$not.a.real.hash'],
      );
      await stop();

      app = await start();
      await expectReady(app);
      dataSource = app.get(DataSource);
      expect(await dataSource.query('SELECT email FROM users WHERE id = $1', [user!.id])).toEqual([
        { email: 'ada@example.com' },
      ]);
      expect(await recordedMigrations(dataSource)).toEqual(MIGRATIONS);
      await stop();
    },
    BOOT_TIMEOUT_MS,
  );
});
