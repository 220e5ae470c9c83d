import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig, Clock, WebhookEventType } from '@app/core';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { AccountEvent, webhookEventsFor } from './webhook-events';

/**
 * Stores the webhook events an account event stands for, one delivery per receiver, in the
 * caller's transaction: they commit or roll back with the change they report.
 */
@Injectable()
export class WebhookOutbox {
  private readonly subscribed: ReadonlySet<WebhookEventType>;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {
    this.subscribed = new Set(config.webhooks.events);
  }

  async record(event: AccountEvent, manager?: EntityManager): Promise<void> {
    const { urls } = this.config.webhooks;
    if (urls.length === 0) return;
    const events = webhookEventsFor(event).filter((e) => this.subscribed.has(e.type));
    if (events.length === 0) return;
    const email = event.email ?? null;
    await this.deliveries.insert(
      manager,
      events.map((e) => ({ event_id: newEventId(), type: e.type, user_id: e.userId, email, data: e.data })),
      urls,
      this.clock.now(),
    );
    this.dispatcher.soon();
  }
}

/** `msg_` and 128 random bits, the shape Standard Webhooks suggests for `webhook-id`. */
function newEventId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}
