import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One row of `webhook_deliveries`, mapped onto migrations/006_webhooks.sql (the SQL is the source of truth). */
@Entity({ name: 'webhook_deliveries' })
@Check('webhook_deliveries_status_check', `status IN ('pending', 'delivered', 'failed')`)
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('webhook_deliveries_created_idx', ['createdAt', 'id'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'webhook_deliveries_pkey' })
  id!: string;

  /** The `webhook-id`: one per event, the same for every receiver and every attempt. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'url', type: 'text' })
  url!: string;

  @Column({ name: 'payload', type: 'text' })
  payload!: string;

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
