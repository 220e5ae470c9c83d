import { Command, CommandRunner } from 'nest-commander';
import { migrationStatus, revertLastMigration, runPendingMigrations } from '@app/core';
import { CliDatabase } from '../cli-database';
import { CliOutput } from '../cli-output';
import { migrationLabel } from './migration-label';

@Command({ name: 'migrate', description: 'apply every pending migration (safe while the service runs)' })
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly database: CliDatabase,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const applied = await runPendingMigrations(await this.database.dataSource());
    if (applied.length === 0) this.output.info('up to date');
    for (const name of applied) this.output.info(`applied ${migrationLabel(name)}`);
  }
}

@Command({ name: 'migrate:revert', description: 'undo the last applied migration' })
export class MigrateRevertCommand extends CommandRunner {
  constructor(
    private readonly database: CliDatabase,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const reverted = await revertLastMigration(await this.database.dataSource());
    this.output.info(reverted ? `reverted ${migrationLabel(reverted)}` : 'nothing to revert');
  }
}

@Command({ name: 'migrate:status', description: 'list the migrations, applied or pending' })
export class MigrateStatusCommand extends CommandRunner {
  constructor(
    private readonly database: CliDatabase,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const migrations = await migrationStatus(await this.database.dataSource());
    for (const { name, applied } of migrations) {
      this.output.info(`${applied ? 'applied' : 'pending'}  ${migrationLabel(name)}`);
    }
    const pending = migrations.filter((m) => !m.applied).length;
    this.output.info(`${migrations.length - pending} applied, ${pending} pending`);
  }
}
