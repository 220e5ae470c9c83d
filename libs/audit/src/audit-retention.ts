import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig, Clock } from '@app/core';
import { WebhookDeliveriesRepository } from '@app/webhooks';
import { AuditEventRepository } from './audit-event.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_RUN_DELAY_MS = 60 * 1000;
const RUN_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per DELETE: short statements that hold few locks and stay far below the statement timeout. */
export const PURGE_BATCH_SIZE = 5000;

/**
 * Deletes audit events older than `AUDIT_RETENTION_DAYS`: a minute after start, then every hour.
 * Every replica runs it; batches skip rows another replica is deleting, so that is safe.
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(AuditRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly events: AuditEventRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  /** Waits for a running purge so that it never outlives the database connection. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
  }

  /**
   * Deletes every expired event, batch after batch, and then the finished webhook deliveries of
   * the same age; returns how many events this call deleted.
   */
  async purgeExpired(batchSize = PURGE_BATCH_SIZE): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.auditRetentionDays * DAY_MS);
    const total = await this.inBatches(batchSize, () => this.events.deleteOlderThan(cutoff, batchSize));
    await this.inBatches(batchSize, () => this.deliveries.deleteFinishedBefore(cutoff, batchSize));
    return total;
  }

  private async inBatches(batchSize: number, deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < batchSize || this.stopped) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.run(), delayMs);
    this.timer.unref();
  }

  private run(): void {
    this.timer = undefined;
    this.running = this.purgeExpired()
      .then(
        (deleted) => {
          if (deleted > 0) {
            this.logger.log(
              `purged ${deleted} audit events older than ${this.config.auditRetentionDays} days`,
            );
          }
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`audit retention purge failed: ${message.split('\n')[0]}`);
        },
      )
      .finally(() => {
        this.running = undefined;
        this.schedule(RUN_INTERVAL_MS);
      });
  }
}
