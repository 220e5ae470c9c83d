import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One statement of TypeORM's schema diff (`SqlInMemory` up or down query). */
export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

const NAME = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
const SEQUENCE = /^(\d{3,})_/;

/** Migration names become file names that `loadSqlMigrations` accepts: `snake_case` only. */
export function checkMigrationName(name: string | undefined): string {
  if (name === undefined) {
    throw new Error('migrate:generate needs a name, e.g. migrate:generate add_user_locale');
  }
  if (!NAME.test(name)) {
    throw new Error(`migration name must be lower-case words joined by "_" (got "${name}")`);
  }
  return name;
}

/** The sequence number after the highest one in the folder, with three digits at least. */
export function nextSequence(dir: string): string {
  const used = readdirSync(dir)
    .map((file) => SEQUENCE.exec(file)?.[1])
    .filter((sequence): sequence is string => sequence !== undefined)
    .map(Number);
  return String(Math.max(0, ...used) + 1).padStart(3, '0');
}

/** A `.sql` file runs without bind parameters, so any the diff carries are written as literals. */
export function inlineParameters({ query, parameters = [] }: SchemaQuery): string {
  return query.replace(/\$(\d+)/g, (placeholder, index: string) => {
    const position = Number(index) - 1;
    return position < parameters.length ? sqlLiteral(parameters[position]) : placeholder;
  });
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

function renderSql(header: string, queries: SchemaQuery[]): string {
  return [`-- ${header}`, ...queries.map((q) => `${inlineParameters(q).trim()};`), ''].join('\n');
}

/**
 * Writes `NNN_<name>.sql` and `NNN_<name>.down.sql`; the down file holds the diff's down
 * queries in reverse order, undoing the up file from its last statement back.
 */
export function writeMigrationFiles(
  dir: string,
  name: string,
  diff: { upQueries: SchemaQuery[]; downQueries: SchemaQuery[] },
): { up: string; down: string } {
  const stem = `${nextSequence(dir)}_${name}`;
  const up = join(dir, `${stem}.sql`);
  const down = join(dir, `${stem}.down.sql`);
  const header = `${stem}: generated from the entities by migrate:generate; review before applying.`;
  writeFileSync(up, renderSql(header, diff.upQueries), { flag: 'wx' });
  writeFileSync(down, renderSql(`Undoes ${stem}.sql.`, [...diff.downQueries].reverse()), { flag: 'wx' });
  return { up, down };
}
