import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';

/** Any fixed 64-bit key shared by every instance of the service. */
const MIGRATION_LOCK_KEY = '7242201826403817';

export interface MigrationStatus {
  name: string;
  applied: boolean;
}

/**
 * Runs `work` holding a Postgres advisory lock, so that instances starting together (or a
 * CLI run during a rollout) apply each migration exactly once. The lock connection has no
 * statement timeout while it waits and migrates.
 */
async function withMigrationLock<T>(
  dataSource: DataSource,
  work: (executor: MigrationExecutor) => Promise<T>,
): Promise<T> {
  const queryRunner: QueryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SET statement_timeout = 0');
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      return await work(executor);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await queryRunner.query('RESET statement_timeout');
    }
  } finally {
    await queryRunner.release();
  }
}

/** Applies every pending migration; returns the names applied (none when up to date). */
export function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async (executor) =>
    (await executor.executePendingMigrations()).map((m) => m.name),
  );
}

/** Undoes the last applied migration; returns its name, or undefined when none is applied. */
export function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async (executor) => {
    const executed = await executor.getExecutedMigrations();
    if (executed.length === 0) return undefined;
    const last = [...executed].sort((a, b) => b.timestamp - a.timestamp)[0]!;
    await executor.undoLastMigration();
    return last.name;
  });
}

/** Every known migration, in order, with whether it is applied. */
export function migrationStatus(dataSource: DataSource): Promise<MigrationStatus[]> {
  return withMigrationLock(dataSource, async (executor) => {
    const applied = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
    return dataSource.migrations
      .map((m) => m.name ?? m.constructor.name)
      .map((name) => ({ name, applied: applied.has(name) }));
  });
}
