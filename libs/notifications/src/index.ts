export * from './notifications.module';
export * from './notifications.options';
export * from './notifications.errors';
export * from './senders';
export { TwilioHttpClient } from './sms/twilio-http-client';
export { NOTIFICATIONS_SENT, NOTIFICATION_FAILURES } from './delivery/notifications.metrics';
