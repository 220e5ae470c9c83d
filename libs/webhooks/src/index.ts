export * from './webhooks.module';
export * from './webhook-outbox';
export * from './webhook-events';
export { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
export * from './webhook-delivery.entity';
