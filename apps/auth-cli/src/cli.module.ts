import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { CliDatabase } from './cli-database';
import { CliOutput, standardOutput } from './cli-output';
import { CliSettings, defaultCliSettings } from './cli-settings';
import { AuditPurgeCommand } from './commands/audit-purge.command';
import { MigrateGenerateCommand } from './commands/migrate-generate.command';
import { MigrateCommand, MigrateRevertCommand, MigrateStatusCommand } from './commands/migrate.commands';

export interface CliModuleOptions {
  output?: CliOutput;
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
    ];
    return {
      module: CliModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CliOutput, useValue: options.output ?? standardOutput },
        { provide: CliSettings, useValue: settings },
        CliDatabase,
        ...commands,
      ],
    };
  }
}
