import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkMigrationName,
  inlineParameters,
  nextSequence,
  writeMigrationFiles,
} from './generated-migration';

describe('generated migrations', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-generated-migration-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts snake_case names only', () => {
    expect(checkMigrationName('add_user_locale')).toBe('add_user_locale');
    expect(checkMigrationName('v2')).toBe('v2');
    for (const bad of ['Add_Locale', 'add-locale', 'add__locale', '_add', 'add locale', '']) {
      expect(() => checkMigrationName(bad)).toThrow(/lower-case words joined by "_"/);
    }
    expect(() => checkMigrationName(undefined)).toThrow(/needs a name/);
  });

  it('numbers after the highest sequence in the folder', () => {
    expect(nextSequence(dir)).toBe('001');
    for (const file of ['001_init.sql', '001_init.down.sql', '009_later.sql', 'README.md']) {
      writeFileSync(join(dir, file), '');
    }
    expect(nextSequence(dir)).toBe('010');
  });

  it('writes bind parameters as SQL literals', () => {
    expect(
      inlineParameters({
        query: 'INSERT INTO "t"("a", "b", "c", "d") VALUES ($1, $2, $3, $4)',
        parameters: ["it's", null, 42, true],
      }),
    ).toBe(`INSERT INTO "t"("a", "b", "c", "d") VALUES ('it''s', NULL, 42, TRUE)`);
    expect(inlineParameters({ query: 'SELECT 1' })).toBe('SELECT 1');
  });

  it('writes the up queries in order and the down queries in reverse', () => {
    writeFileSync(join(dir, '001_init.sql'), '');
    const files = writeMigrationFiles(dir, 'add_widgets', {
      upQueries: [{ query: 'CREATE TABLE "w" ("id" int)' }, { query: 'CREATE INDEX "w_idx" ON "w" ("id")' }],
      downQueries: [{ query: 'DROP TABLE "w"' }, { query: 'DROP INDEX "w_idx"' }],
    });
    expect(files).toEqual({
      up: join(dir, '002_add_widgets.sql'),
      down: join(dir, '002_add_widgets.down.sql'),
    });
    expect(readFileSync(files.up, 'utf8').split('\n').slice(1)).toEqual([
      'CREATE TABLE "w" ("id" int);',
      'CREATE INDEX "w_idx" ON "w" ("id");',
      '',
    ]);
    expect(readFileSync(files.down, 'utf8').split('\n')).toEqual([
      '-- Undoes 002_add_widgets.sql.',
      'DROP INDEX "w_idx";',
      'DROP TABLE "w";',
      '',
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      '001_init.sql',
      '002_add_widgets.down.sql',
      '002_add_widgets.sql',
    ]);
  });
});
