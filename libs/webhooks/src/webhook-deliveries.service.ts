import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '@app/core';
import type { DeliveryListQueryDto } from './dto/delivery-list-query.dto';
import type { DeliveryPageDto, WebhookDeliveryDto } from './dto/delivery-page.dto';
import { DeliveryRow, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { AlreadyDeliveredException, DeliveryNotFoundException } from './webhooks.errors';
import { displayedReceiverUrl } from './receiver-url';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The operator's view of the outbox: pages of deliveries, and another go for a failed one. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async list(query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    const after = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    const rows = await this.deliveries.page(
      { status: query.status, type: query.type },
      query.limit + 1,
      after,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      deliveries: page.map(toDto),
      next_cursor:
        rows.length > query.limit && last
          ? encodeKeysetCursor({ createdAt: last.position, id: last.id })
          : null,
    };
  }

  /** A failed delivery is due again at once; a pending one is left to its schedule. */
  async retry(id: string): Promise<void> {
    const status = UUID.test(id) ? await this.deliveries.retryFailed(id) : undefined;
    if (status === undefined) throw new DeliveryNotFoundException();
    if (status === 'delivered') throw new AlreadyDeliveredException();
    this.dispatcher.soon();
  }
}

function toDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    event_id: row.event_id,
    type: row.type,
    url: displayedReceiverUrl(row.url),
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    created_at: row.created_at.toISOString(),
    delivered_at: row.delivered_at?.toISOString() ?? null,
  };
}
