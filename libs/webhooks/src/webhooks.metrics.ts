import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';

export const WEBHOOK_DELIVERIES = 'webhook_deliveries_total';
export const WEBHOOK_QUEUE_DEPTH = 'webhook_queue_depth';

/** `result` is `delivered`, `retrying` (this attempt failed, another follows) or `failed` (no more). */
export const webhookMetricProviders = [
  makeCounterProvider({
    name: WEBHOOK_DELIVERIES,
    help: 'Webhook delivery attempts by result.',
    labelNames: ['result'],
  }),
  makeGaugeProvider({
    name: WEBHOOK_QUEUE_DEPTH,
    help: 'Webhook deliveries waiting to be delivered, as last counted by this instance.',
  }),
];
