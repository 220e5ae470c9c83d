import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '@app/core';
import { DELIVERY_STATUSES } from './delivery-list-query.dto';

/** One event's delivery to one receiver. */
export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The `webhook-id` header: the same for every receiver and attempt.' })
  event_id!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  type!: string;

  @ApiProperty({
    description:
      'The receiver, one of `WEBHOOK_URLS` when the event was stored, with any credentials in it shown as `***`.',
  })
  url!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: string;

  @ApiProperty({ type: 'integer', description: 'Attempts made so far.' })
  attempts!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'HTTP status of the last answer.' })
  last_status_code!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last attempt failed (timeout, connection, status).',
  })
  last_error!: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the next attempt is due; null once delivered or failed.',
  })
  next_attempt_at!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  delivered_at!: string | null;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  deliveries!: WebhookDeliveryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
  })
  next_cursor!: string | null;
}
