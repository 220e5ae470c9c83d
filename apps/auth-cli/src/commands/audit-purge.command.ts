import { Command, CommandRunner } from 'nest-commander';
import { AuditEvent, AuditEventRepository, AuditRetention } from '@app/audit';
import { AppConfig, Clock } from '@app/core';
import { WebhookDeliveriesRepository } from '@app/webhooks';
import { CliDatabase } from '../cli-database';
import { CliOutput } from '../cli-output';

/** The service purges hourly on its own; this runs the same purge now (e.g. from a cron job). */
@Command({
  name: 'audit:purge',
  description: 'delete audit events (and finished webhook deliveries) older than AUDIT_RETENTION_DAYS now',
})
export class AuditPurgeCommand extends CommandRunner {
  constructor(
    private readonly database: CliDatabase,
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const dataSource = await this.database.dataSource();
    const events = new AuditEventRepository(dataSource.getRepository(AuditEvent));
    const deliveries = new WebhookDeliveriesRepository(dataSource);
    const retention = new AuditRetention(events, deliveries, this.config, new Clock());
    const deleted = await retention.purgeExpired();
    this.output.info(`purged ${deleted} audit events older than ${this.config.auditRetentionDays} days`);
  }
}
