import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { testEnvironment } from '../testing';
import { buildDataSourceOptions, MIGRATIONS_TABLE } from './data-source-options';
import { runPendingMigrations } from './migration-runner';
import { findMigrationsDir } from './sql-migrations';

const env = testEnvironment();
const dir = findMigrationsDir();
const sequenceOf = (file: string): number => Number(file.split('_')[0]);
const UP_FILES = readdirSync(dir)
  .filter((file) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(file))
  .sort((a, b) => sequenceOf(a) - sequenceOf(b));
const DOWN_FILES = UP_FILES.map((file) => file.replace(/\.sql$/, '.down.sql')).reverse();

/** What a schema is made of, in a form two databases can be compared by. */
const SCHEMA_QUERIES = {
  tables: `SELECT table_name FROM information_schema.tables
           WHERE table_schema = 'public' AND table_name <> '${MIGRATIONS_TABLE}' ORDER BY 1`,
  columns: `SELECT table_name, column_name, data_type, is_nullable, column_default
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '${MIGRATIONS_TABLE}' ORDER BY 1, ordinal_position`,
  constraints: `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                AND conrelid::regclass::text <> '${MIGRATIONS_TABLE}' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '${MIGRATIONS_TABLE}' ORDER BY 1, 2`,
};

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function schemaOf(url: string): Promise<Record<string, unknown[]>> {
  const entries = await Promise.all(
    Object.entries(SCHEMA_QUERIES).map(async ([part, sql]) => [part, await query(url, sql)] as const),
  );
  return Object.fromEntries(entries);
}

async function psqlFile(url: string, file: string): Promise<void> {
  await promisify(execFile)('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', join(dir, file)]);
}

describe('the SQL migration files', () => {
  const databases: string[] = [];

  async function emptyDatabase(): Promise<string> {
    const name = `auth_test_psql_${randomBytes(4).toString('hex')}`;
    await query(env.adminUrl, `CREATE DATABASE ${name}`);
    databases.push(name);
    const url = new URL(env.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  afterAll(async () => {
    for (const name of databases) await query(env.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('build with psql -f the same schema as the migration runner, and their down files remove it', async () => {
    const [byPsql, byRunner] = await Promise.all([emptyDatabase(), emptyDatabase()]);
    for (const file of UP_FILES) await psqlFile(byPsql, file);

    const dataSource = await new DataSource(
      buildDataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: byRunner })),
    ).initialize();
    try {
      await runPendingMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }

    const schema = await schemaOf(byPsql);
    expect(schema.tables!.length).toBeGreaterThan(0);
    expect(schema.tables).toContainEqual({ table_name: 'users' });
    expect(schema).toEqual(await schemaOf(byRunner));

    for (const file of DOWN_FILES) await psqlFile(byPsql, file);
    const remaining = await query(
      byPsql,
      "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace",
    );
    expect(remaining).toEqual([]);
  });
});
