import { Test, type TestingModule } from '@nestjs/testing';
import { getToken } from '@willsoto/nestjs-prometheus';
import { rmSync } from 'node:fs';
import type { Counter } from 'prom-client';
import type { Env } from '@app/core';
import { testConfig } from '@app/core/testing';
import { NOTIFICATION_FAILURES, NOTIFICATIONS_SENT } from '../delivery/notifications.metrics';
import { NotificationsModule } from '../notifications.module';
import { MailSender, SmsSender } from '../senders';
import type { TwilioStandIn } from './twilio-stand-in';
import { RecordingLogger } from './recording-logger';

export interface NotificationsTestOptions {
  /** Provider settings (`MAIL_PROVIDER`, `SMTP_URL`, `SMS_PROVIDER`, ...). */
  env?: Env;
  timeoutMs?: number;
  /** Route Twilio requests to this stand-in (with `timeoutMs` as its client's timeout), as the service's tests do. */
  twilio?: TwilioStandIn;
}

export interface NotificationsTestContext {
  moduleRef: TestingModule;
  mail: MailSender;
  sms: SmsSender;
  /** Every line the module logged through the Nest logger. */
  logger: RecordingLogger;
  /** The current value of `notifications_sent_total` or `notification_failures_total` for these labels. */
  count(metric: typeof NOTIFICATIONS_SENT | typeof NOTIFICATION_FAILURES, labels: Labels): Promise<number>;
  close(): Promise<void>;
}

type Labels = { channel: 'mail' | 'sms'; provider: string };

/** NotificationsModule built from a test configuration, initialised, its log recorded. */
export async function createNotificationsTestModule(
  options: NotificationsTestOptions = {},
): Promise<NotificationsTestContext> {
  const config = testConfig(options.env);
  const logger = new RecordingLogger();
  const globals = options.twilio ? [options.twilio.providerModule({ timeoutMs: options.timeoutMs })] : [];
  const moduleRef = await Test.createTestingModule({
    imports: [...globals, NotificationsModule.forRoot(config, { timeoutMs: options.timeoutMs })],
  })
    .setLogger(logger)
    .compile();
  await moduleRef.init();
  return {
    moduleRef,
    mail: moduleRef.get(MailSender),
    sms: moduleRef.get(SmsSender),
    logger,
    async count(metric, labels) {
      const counter = moduleRef.get<Counter<string>>(getToken(metric), { strict: false });
      const { values } = await counter.get();
      const match = values.find(
        (v) => v.labels.channel === labels.channel && v.labels.provider === labels.provider,
      );
      return match?.value ?? 0;
    },
    async close() {
      try {
        await moduleRef.close();
      } finally {
        rmSync(config.dataDir, { recursive: true, force: true });
      }
    },
  };
}
