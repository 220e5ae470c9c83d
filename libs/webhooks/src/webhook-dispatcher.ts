import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { AppConfig } from '@app/core';
import { delayAfter } from './retry-schedule';
import { AttemptResult, ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { SendOutcome, WebhookSender } from './webhook-sender';
import { WEBHOOK_DELIVERIES, WEBHOOK_QUEUE_DEPTH } from './webhooks.metrics';

/** After an event is stored, how soon this instance looks: long enough for its transaction to commit. */
const SOON_MS = 50;
const DEPTH_INTERVAL_MS = 5000;

/**
 * Sends the outbox. Every instance polls for due deliveries and claims them in one statement
 * (`FOR UPDATE SKIP LOCKED`), at most `concurrency` in flight; no connection is held while a
 * receiver answers, and nothing here runs on a user's request.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  /** Timers start in this scope, not in the request that stored an event (its logging context). */
  private readonly scope = new AsyncResource('WebhookDispatcher');
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private polling: Promise<void> | undefined;
  /** The earliest wake-up asked for while a poll was running. */
  private askedDuringPoll = Infinity;
  /** The last claim took all it could: more may be due as soon as a slot frees. */
  private backlog = false;
  private depthCountedAt = 0;
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookSender,
    @InjectMetric(WEBHOOK_DELIVERIES) private readonly attempts: Counter<string>,
    @InjectMetric(WEBHOOK_QUEUE_DEPTH) private readonly depth: Gauge<string>,
  ) {}

  private get enabled(): boolean {
    return this.config.webhooks.urls.length > 0 && !this.shutdown.signal.aborted;
  }

  onApplicationBootstrap(): void {
    if (this.enabled) this.schedule(0);
  }

  /** A new event is (about to be) committed: look for it soon rather than at the next poll. */
  soon(): void {
    if (this.enabled) this.schedule(SOON_MS);
  }

  /** Stops claiming, cuts the attempts in flight and hands them back, before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    clearTimeout(this.timer);
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
    this.sender.close();
  }

  /** Keeps the earliest of the wake-ups asked for. */
  private schedule(delayMs: number): void {
    if (this.polling) {
      this.askedDuringPoll = Math.min(this.askedDuringPoll, delayMs);
      return;
    }
    const at = Date.now() + delayMs;
    if (at >= this.dueAt) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = this.scope.runInAsyncScope(() => setTimeout(() => this.poll(), delayMs));
    this.timer.unref();
  }

  private poll(): void {
    this.dueAt = Infinity;
    this.timer = undefined;
    let next = this.config.webhooks.pollIntervalMs;
    this.polling = this.claimAndSend()
      .then((saturated) => {
        if (saturated) next = Infinity;
        this.recovered();
      })
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.polling = undefined;
        const again = Math.min(next, this.askedDuringPoll);
        this.askedDuringPoll = Infinity;
        if (this.enabled && again !== Infinity) this.schedule(again);
      });
  }

  /** True when every slot is taken: the next look comes when one frees. */
  private async claimAndSend(): Promise<boolean> {
    const { concurrency, leaseMs } = this.config.webhooks;
    const free = concurrency - this.inFlight.size;
    if (free > 0) {
      const claimed = await this.deliveries.claimDue(free, leaseMs);
      this.backlog = claimed.length === free;
      for (const claim of claimed) this.start(claim);
    }
    if (Date.now() - this.depthCountedAt >= DEPTH_INTERVAL_MS) {
      this.depthCountedAt = Date.now();
      this.depth.set(await this.deliveries.countPending());
    }
    return this.inFlight.size >= concurrency;
  }

  private start(claim: ClaimedDelivery): void {
    const attempt = this.attempt(claim)
      .catch((error: unknown) => this.logger.warn(`webhook delivery ${claim.id}: ${firstLine(error)}`))
      .finally(() => {
        this.inFlight.delete(attempt);
        if (this.enabled && this.backlog) this.schedule(0);
      });
    this.inFlight.add(attempt);
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    const signal = this.shutdown.signal;
    const outcome = await this.sender.send(
      { eventId: claim.event_id, url: claim.url, payload: claim.payload },
      signal,
    );
    if (signal.aborted && !('statusCode' in outcome)) {
      await this.deliveries.release(claim);
      return;
    }
    const result = this.judge(claim, outcome);
    await this.deliveries.finish(claim, result);
    this.attempts.inc({ result: result.kind === 'retry' ? 'retrying' : result.kind });
    if (result.kind !== 'delivered') {
      this.logger.warn(
        `webhook delivery ${claim.id} attempt ${claim.attempts} ${result.kind === 'retry' ? 'failed, will retry' : 'failed for good'}: ${result.error}`,
      );
    }
  }

  private judge(claim: ClaimedDelivery, outcome: SendOutcome): AttemptResult {
    const statusCode = 'statusCode' in outcome ? outcome.statusCode : null;
    if (statusCode !== null && statusCode >= 200 && statusCode < 300)
      return { kind: 'delivered', statusCode };
    const error =
      statusCode === null ? (outcome as { error: string }).error : `receiver answered ${statusCode}`;
    const delayMs = delayAfter(claim.attempts, this.config.webhooks.retryDelaysMs, Math.random());
    return delayMs === undefined
      ? { kind: 'failed', statusCode, error }
      : { kind: 'retry', statusCode, error, delayMs };
  }

  /** One line when the outbox becomes unreachable (Postgres away), one when it is back. */
  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`webhook dispatch paused: ${firstLine(error)}`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log('webhook dispatch resumed');
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}
