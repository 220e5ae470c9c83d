import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, buildDataSourceOptions, EmbeddedPostgres, loadSqlMigrations } from '@app/core';
import { CliSettings } from './cli-settings';

/**
 * The service's DataSource definition, with the CLI's entity list and migrations folder. It
 * connects on first use, so that `--help` and argument errors need no database, and it is
 * closed (with the embedded Postgres, if one was started) when the command ends.
 */
@Injectable()
export class CliDatabase implements OnApplicationShutdown {
  private opening: Promise<DataSource> | undefined;
  private embedded: EmbeddedPostgres | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly settings: CliSettings,
  ) {}

  dataSource(): Promise<DataSource> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<DataSource> {
    if (!this.config.database.url) this.embedded = new EmbeddedPostgres(this.config);
    const embedded = await this.embedded?.start();
    const dataSource = new DataSource({
      ...buildDataSourceOptions(this.config, embedded),
      migrations: loadSqlMigrations(this.settings.migrationsDir),
      entities: [...this.settings.entities],
    });
    return dataSource.initialize();
  }

  async onApplicationShutdown(): Promise<void> {
    const dataSource = await this.opening?.catch(() => undefined);
    this.opening = undefined;
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}
