import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const NOTIFICATIONS_SENT = 'notifications_sent_total';
export const NOTIFICATION_FAILURES = 'notification_failures_total';

/** Delivery counters. Labels are the channel and the provider: never an address or a message. */
export const notificationMetricProviders = [
  makeCounterProvider({
    name: NOTIFICATIONS_SENT,
    help: 'Messages handed to a delivery provider, by channel and provider.',
    labelNames: ['channel', 'provider'],
  }),
  makeCounterProvider({
    name: NOTIFICATION_FAILURES,
    help: 'Messages a delivery provider failed to accept (errors and timeouts), by channel and provider.',
    labelNames: ['channel', 'provider'],
  }),
];
