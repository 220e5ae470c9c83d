import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MIGRATION_FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/**
 * The `migrations/` folder of the project: found upwards from this file so that it works from
 * the sources, from the build output and in the container image alike.
 */
export function findMigrationsDir(start = __dirname): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no migrations folder above ${start}`);
  }
}

/**
 * Each `NNN_name.sql` of the migrations folder as a TypeORM migration, undone by its
 * `NNN_name.down.sql`. The SQL files are the one source of truth: `psql -f` applies them as
 * they are, and TypeORM applies and records them in `schema_migrations`.
 */
export function loadSqlMigrations(dir = findMigrationsDir()): Array<new () => MigrationInterface> {
  return readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map(([file, sequence, name]) => {
      const downFile = join(dir, `${sequence}_${name}.down.sql`);
      return class SqlFileMigration implements MigrationInterface {
        // TypeORM orders migrations by the 13 digits that end their name.
        readonly name = `${sequence}_${name}_${sequence!.padStart(13, '0')}`;

        async up(queryRunner: QueryRunner): Promise<void> {
          await queryRunner.query(readFileSync(join(dir, file), 'utf8'));
        }

        async down(queryRunner: QueryRunner): Promise<void> {
          if (!existsSync(downFile)) throw new Error(`${file} has no ${sequence}_${name}.down.sql`);
          await queryRunner.query(readFileSync(downFile, 'utf8'));
        }
      };
    });
}
