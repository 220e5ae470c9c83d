import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { findMigrationsDir, loadSqlMigrations } from '@app/core';
import { testEnvironment } from '@app/core/testing';
import { nextSequence } from '../src/commands/generated-migration';
import { migrationLabel } from '../src/commands/migration-label';
import { runCli } from '../src/run-cli';
import { CapturedOutput } from './captured-output';

/** An entity the schema does not have yet, for `migrate:generate` to turn into a migration. */
@Entity({ name: 'cli_widgets' })
class Widget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('cli_widgets_label_idx')
  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

const env = testEnvironment();
/** The project's migrations as the commands name them (`001_init`, ...). */
const MIGRATIONS = loadSqlMigrations().map((migration) => migrationLabel(new migration().name!));

async function onServer(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function tables(url: string): Promise<string[]> {
  const rows = await onServer(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return rows.map((row) => row.table_name as string);
}

describe('auth-cli migration commands', () => {
  let database: string;
  let databaseUrl: string;
  let migrationsDir: string;

  beforeEach(async () => {
    database = `auth_test_cli_${randomBytes(4).toString('hex')}`;
    await onServer(env.adminUrl, `CREATE DATABASE ${database}`);
    const url = new URL(env.adminUrl);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    // A copy of the migrations folder, so that generated files never land in the real one.
    migrationsDir = mkdtempSync(join(tmpdir(), 'auth-cli-migrations-'));
    const source = findMigrationsDir();
    for (const file of readdirSync(source)) copyFileSync(join(source, file), join(migrationsDir, file));
  });

  afterEach(async () => {
    await onServer(env.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(migrationsDir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    return cliWith({ NODE_ENV: 'test', DATABASE_URL: databaseUrl }, ...args);
  }

  async function cliWith(
    variables: Record<string, string>,
    ...args: string[]
  ): Promise<{ code: number; out: string[]; err: string[] }> {
    const output = new CapturedOutput();
    const code = await runCli(['node', 'main.js', ...args], variables, {
      output,
      settings: { migrationsDir, entities: [Widget] },
    });
    return { code, out: output.out, err: output.err };
  }

  it('reports, applies and reverts the migrations of the folder', async () => {
    expect(await cli('migrate:status')).toEqual({
      code: 0,
      out: [...MIGRATIONS.map((name) => `pending  ${name}`), `0 applied, ${MIGRATIONS.length} pending`],
      err: [],
    });

    expect(await cli('migrate')).toEqual({
      code: 0,
      out: MIGRATIONS.map((name) => `applied ${name}`),
      err: [],
    });
    expect(await tables(databaseUrl)).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_events']));
    expect(await cli('migrate')).toEqual({ code: 0, out: ['up to date'], err: [] });
    expect((await cli('migrate:status')).out).toEqual([
      ...MIGRATIONS.map((name) => `applied  ${name}`),
      `${MIGRATIONS.length} applied, 0 pending`,
    ]);

    for (const name of [...MIGRATIONS].reverse()) {
      expect(await cli('migrate:revert')).toEqual({ code: 0, out: [`reverted ${name}`], err: [] });
    }
    expect(await tables(databaseUrl)).toEqual(['schema_migrations']);
    expect(await cli('migrate:revert')).toEqual({ code: 0, out: ['nothing to revert'], err: [] });
  });

  it('purges audit events older than AUDIT_RETENTION_DAYS', async () => {
    expect((await cli('migrate')).code).toBe(0);
    await onServer(
      databaseUrl,
      `INSERT INTO audit_events (type, created_at) VALUES
         ('login.failed', now() - interval '40 days'), ('login.failed', now() - interval '31 days'),
         ('login.succeeded', now() - interval '29 days'), ('login.succeeded', now())`,
    );
    const purge = await cliWith(
      { NODE_ENV: 'test', DATABASE_URL: databaseUrl, AUDIT_RETENTION_DAYS: '30' },
      'audit:purge',
    );
    expect(purge).toEqual({ code: 0, out: ['purged 2 audit events older than 30 days'], err: [] });
    const left = await onServer(databaseUrl, 'SELECT type FROM audit_events ORDER BY created_at');
    expect(left.map((row) => row.type)).toEqual(['login.succeeded', 'login.succeeded']);
  });

  it('generates the next migration from the entities, which then applies and reverts', async () => {
    const beforeMigrating = await cli('migrate:generate', 'add_widgets');
    expect(beforeMigrating).toEqual({
      code: 1,
      out: [],
      err: [`error: apply the pending migrations first (${MIGRATIONS.join(', ')}): npm run migration:run`],
    });

    await cli('migrate');
    const stem = `${nextSequence(migrationsDir)}_add_widgets`;
    expect(await cli('migrate:generate', 'add_widgets')).toEqual({
      code: 0,
      out: [expect.stringMatching(new RegExp(`${stem}\\.sql and .*${stem}\\.down\\.sql$`))],
      err: [],
    });
    const up = readFileSync(join(migrationsDir, `${stem}.sql`), 'utf8');
    const down = readFileSync(join(migrationsDir, `${stem}.down.sql`), 'utf8');
    expect(up).toMatch(/CREATE TABLE "cli_widgets"/);
    expect(up).toMatch(/DEFAULT gen_random_uuid\(\)/);
    expect(up).toMatch(/CREATE INDEX "cli_widgets_label_idx"/);
    expect(down).toMatch(/DROP INDEX .*"cli_widgets_label_idx"[^]*DROP TABLE "cli_widgets"/);

    expect(await cli('migrate')).toEqual({ code: 0, out: [`applied ${stem}`], err: [] });
    expect(await tables(databaseUrl)).toContain('cli_widgets');
    const filesBefore = readdirSync(migrationsDir);
    expect(await cli('migrate:generate', 'again')).toEqual({
      code: 0,
      out: ['nothing to generate: the database matches the entities'],
      err: [],
    });
    expect(readdirSync(migrationsDir)).toEqual(filesBefore);

    expect(await cli('migrate:revert')).toEqual({ code: 0, out: [`reverted ${stem}`], err: [] });
    const remaining = await tables(databaseUrl);
    expect(remaining).not.toContain('cli_widgets');
    expect(remaining).toContain('users');
  });

  it('fails with one line and a non-zero exit code, never printing the database password', async () => {
    const badConfig = await cliWith({ DATABASE_URL: 'mysql://root:hunter2@db/auth' }, 'migrate');
    expect(badConfig).toEqual({
      code: 1,
      out: [],
      err: [expect.stringMatching(/^Invalid configuration: DATABASE_URL must /)],
    });
    expect(badConfig.err.join()).not.toContain('hunter2');

    const unreachable = await cliWith(
      { NODE_ENV: 'test', DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/auth' },
      'migrate',
    );
    expect(unreachable).toEqual({ code: 1, out: [], err: [expect.stringMatching(/^error: .*ECONNREFUSED/)] });
    expect(unreachable.err.join()).not.toContain('hunter2');

    expect(await cli('migrate:generate', 'Add-Widgets')).toEqual({
      code: 1,
      out: [],
      err: ['error: migration name must be lower-case words joined by "_" (got "Add-Widgets")'],
    });
    expect(await cli('no-such-command')).toEqual({
      code: 1,
      out: [],
      err: ["error: unknown command 'no-such-command'"],
    });
  });

  it('prints the list of commands for --help and exits 0', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/Usage: auth-cli[^]*migrate:status[^]*migrate:generate/);
  });
});
