import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryRunner } from 'typeorm';
import { findMigrationsDir, loadSqlMigrations } from './sql-migrations';

describe('loadSqlMigrations', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-sql-migrations-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function migrationsOf(files: Record<string, string>) {
    for (const [file, sql] of Object.entries(files)) writeFileSync(join(dir, file), sql);
    return loadSqlMigrations(dir).map((migration) => new migration());
  }

  it('turns each NNN_name.sql into a migration, in numeric order, named for TypeORM', () => {
    const migrations = migrationsOf({
      '010_later.sql': 'SELECT 10',
      '002_second.sql': 'SELECT 2',
      '002_second.down.sql': 'SELECT -2',
      'README.md': 'not a migration',
      '003-Bad-Name.sql': 'not a migration',
    });
    expect(migrations.map((m) => m.name)).toEqual(['002_second_0000000000002', '010_later_0000000000010']);
  });

  it('runs the up file and the down file as they are', async () => {
    const [migration] = migrationsOf({
      '001_init.sql': 'CREATE TABLE t ()',
      '001_init.down.sql': 'DROP TABLE t',
    });
    const queryRunner = { query: jest.fn() };
    await migration!.up(queryRunner as unknown as QueryRunner);
    await migration!.down(queryRunner as unknown as QueryRunner);
    expect(queryRunner.query.mock.calls).toEqual([['CREATE TABLE t ()'], ['DROP TABLE t']]);
  });

  it('refuses to undo a migration without a down file', async () => {
    const [migration] = migrationsOf({ '001_init.sql': 'CREATE TABLE t ()' });
    const queryRunner = { query: jest.fn() };
    await expect(migration!.down(queryRunner as unknown as QueryRunner)).rejects.toThrow(
      '001_init.sql has no 001_init.down.sql',
    );
    expect(queryRunner.query).not.toHaveBeenCalled();
  });
});

describe('findMigrationsDir', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'auth-project-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the migrations folder of the nearest project above', () => {
    mkdirSync(join(root, 'migrations'));
    mkdirSync(join(root, 'dist', 'libs'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    expect(findMigrationsDir(join(root, 'dist', 'libs'))).toBe(join(root, 'migrations'));
  });

  it('says where it looked when there is none', () => {
    expect(() => findMigrationsDir(root)).toThrow(`no migrations folder above ${root}`);
  });
});
