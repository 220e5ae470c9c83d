export * from './smtp-inbox';
export * from './twilio-stand-in';
export * from './webhook-sink';
export * from './recording-logger';
export * from './notifications-test-module';
export type { ParsedMail } from './mime';
export { LocalHttpServer, type RecordedRequest } from './local-http-server';
