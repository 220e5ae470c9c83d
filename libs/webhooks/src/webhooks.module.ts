import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSender } from './webhook-sender';
import { webhookMetricProviders } from './webhooks.metrics';

/**
 * Webhooks: the outbox the audit log writes into (`WebhookOutbox`), and the dispatcher that
 * sends it, signed the Standard Webhooks way, from every instance.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookDelivery])],
  providers: [
    WebhookDeliveriesRepository,
    WebhookOutbox,
    WebhookDispatcher,
    WebhookSender,
    ...webhookMetricProviders,
  ],
  exports: [WebhookOutbox, WebhookDeliveriesRepository, WebhookDispatcher],
})
export class WebhooksModule {}

/** `/admin/v1/webhooks/...`, behind the admin keys of the core module. */
@Module({
  imports: [WebhooksModule],
  controllers: [WebhookDeliveriesController],
  providers: [WebhookDeliveriesService],
})
export class WebhookAdminModule {}
