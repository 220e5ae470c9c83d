import { relative } from 'node:path';
import { Command, CommandRunner } from 'nest-commander';
import { migrationStatus } from '@app/core';
import { CliDatabase } from '../cli-database';
import { CliOutput } from '../cli-output';
import { CliSettings } from '../cli-settings';
import { checkMigrationName, writeMigrationFiles } from './generated-migration';
import { migrationLabel } from './migration-label';

/**
 * Compares the entity classes with the database through TypeORM's schema builder and writes
 * the difference as the next pair of SQL migration files.
 */
@Command({
  name: 'migrate:generate',
  arguments: '[name]',
  description: 'write migrations/NNN_<name>.sql and .down.sql from what the entities add to the schema',
})
export class MigrateGenerateCommand extends CommandRunner {
  constructor(
    private readonly database: CliDatabase,
    private readonly settings: CliSettings,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([rawName]: string[]): Promise<void> {
    const name = checkMigrationName(rawName);
    const dataSource = await this.database.dataSource();
    // A diff against a database that lacks pending migrations would repeat them.
    const pending = (await migrationStatus(dataSource)).filter((m) => !m.applied);
    if (pending.length > 0) {
      const names = pending.map((m) => migrationLabel(m.name)).join(', ');
      throw new Error(`apply the pending migrations first (${names}): npm run migration:run`);
    }
    const diff = await dataSource.driver.createSchemaBuilder().log();
    if (diff.upQueries.length === 0) {
      this.output.info('nothing to generate: the database matches the entities');
      return;
    }
    const files = writeMigrationFiles(this.settings.migrationsDir, name, diff);
    this.output.info(`wrote ${relative(process.cwd(), files.up)} and ${relative(process.cwd(), files.down)}`);
  }
}
