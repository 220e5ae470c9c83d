import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { CliAccounts } from './cli-accounts';
import { CliDatabase } from './cli-database';
import { CliInput, standardInput } from './cli-input';
import { CliOutput, standardOutput } from './cli-output';
import { CliSettings, defaultCliSettings } from './cli-settings';
import { AdminKeyGenerateCommand } from './commands/admin-key.command';
import { AuditPurgeCommand } from './commands/audit-purge.command';
import { MigrateGenerateCommand } from './commands/migrate-generate.command';
import { MigrateCommand, MigrateRevertCommand, MigrateStatusCommand } from './commands/migrate.commands';
import {
  UsersCreateCommand,
  UsersDeleteCommand,
  UsersDisableCommand,
  UsersEnableCommand,
} from './commands/users.commands';

export interface CliModuleOptions {
  output?: CliOutput;
  /** Where `--password-stdin` reads from (tests). */
  input?: CliInput;
  /** Another migrations folder or entity list (tests). */
  settings?: Partial<CliSettings>;
}

/** The operator commands, on the service's configuration and DataSource definition. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, options: CliModuleOptions = {}): DynamicModule {
    const settings: CliSettings = { ...defaultCliSettings(), ...options.settings };
    const commands: Type[] = [
      MigrateCommand,
      MigrateRevertCommand,
      MigrateStatusCommand,
      MigrateGenerateCommand,
      AuditPurgeCommand,
      UsersCreateCommand,
      UsersDisableCommand,
      UsersEnableCommand,
      UsersDeleteCommand,
      AdminKeyGenerateCommand,
    ];
    return {
      module: CliModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CliOutput, useValue: options.output ?? standardOutput },
        { provide: CliInput, useValue: options.input ?? standardInput },
        { provide: CliSettings, useValue: settings },
        CliDatabase,
        CliAccounts,
        ...commands,
      ],
    };
  }
}
