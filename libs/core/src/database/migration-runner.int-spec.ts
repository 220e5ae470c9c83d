import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { testEnvironment } from '../testing';
import { buildDataSourceOptions } from './data-source-options';
import { migrationStatus, revertLastMigration, runPendingMigrations } from './migration-runner';
import { loadSqlMigrations } from './sql-migrations';

const env = testEnvironment();
const MIGRATIONS = loadSqlMigrations().map((migration) => new migration().name!);
/** Tables of 001_init; later migrations may add more. */
const INITIAL_TABLES = [
  'audit_events',
  'login_attempts',
  'mfa_challenges',
  'mfa_factors',
  'mfa_recovery_codes',
  'one_time_codes',
  'refresh_tokens',
  'schema_migrations',
  'sessions',
  'users',
];

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: env.adminUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

function openDataSource(databaseUrl: string): Promise<DataSource> {
  return new DataSource(
    buildDataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl })),
  ).initialize();
}

async function publicTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await dataSource.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return rows.map((row) => row.table_name);
}

async function recordedMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    'SELECT name FROM schema_migrations ORDER BY id',
  );
  return rows.map((row) => row.name);
}

describe('migration runner on an empty database', () => {
  let database: string;
  let databaseUrl: string;
  const dataSources: DataSource[] = [];

  beforeEach(async () => {
    database = `auth_test_migrations_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${database}`);
    const url = new URL(env.adminUrl);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  });

  afterEach(async () => {
    await Promise.all(dataSources.splice(0).map((ds) => ds.destroy()));
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('applies, reverts and re-applies every migration, reporting the status at each step', async () => {
    const dataSource = await openDataSource(databaseUrl);
    dataSources.push(dataSource);
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(await migrationStatus(dataSource)).toEqual(MIGRATIONS.map((name) => ({ name, applied: false })));

    expect(await runPendingMigrations(dataSource)).toEqual(MIGRATIONS);
    const migratedTables = await publicTables(dataSource);
    expect(migratedTables).toEqual(expect.arrayContaining(INITIAL_TABLES));
    expect(await recordedMigrations(dataSource)).toEqual(MIGRATIONS);
    expect(await migrationStatus(dataSource)).toEqual(MIGRATIONS.map((name) => ({ name, applied: true })));
    expect(await runPendingMigrations(dataSource)).toEqual([]);

    const reverted: string[] = [];
    for (
      let name = await revertLastMigration(dataSource);
      name;
      name = await revertLastMigration(dataSource)
    ) {
      reverted.push(name);
    }
    expect(reverted).toEqual([...MIGRATIONS].reverse());
    expect(await publicTables(dataSource)).toEqual(['schema_migrations']);
    const leftovers: Array<{ relname: string }> = await dataSource.query(
      "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname !~ '^(schema_migrations|PK_)'",
    );
    expect(leftovers).toEqual([]);
    expect(await recordedMigrations(dataSource)).toEqual([]);
    expect(await migrationStatus(dataSource)).toEqual(MIGRATIONS.map((name) => ({ name, applied: false })));

    expect(await runPendingMigrations(dataSource)).toEqual(MIGRATIONS);
    expect(await publicTables(dataSource)).toEqual(migratedTables);
    expect(await recordedMigrations(dataSource)).toEqual(MIGRATIONS);
  });

  it('applies each migration once when several instances start together', async () => {
    const instances = await Promise.all([1, 2, 3].map(() => openDataSource(databaseUrl)));
    dataSources.push(...instances);

    const applied = await Promise.all(instances.map((ds) => runPendingMigrations(ds)));

    expect(applied.flat().sort()).toEqual([...MIGRATIONS].sort());
    expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
    expect(await recordedMigrations(instances[0]!)).toEqual(MIGRATIONS);
    expect(await publicTables(instances[1]!)).toEqual(expect.arrayContaining(INITIAL_TABLES));
  });
});
