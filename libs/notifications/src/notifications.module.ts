import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/core';
import { DeliveryOutcomes } from './delivery/delivery-outcomes';
import { notificationMetricProviders } from './delivery/notifications.metrics';
import { mailSenderProvision } from './mail/mail-sender.provider';
import { DEFAULT_DELIVERY_TIMEOUT_MS, NotificationsOptions } from './notifications.options';
import { MailSender, SmsSender } from './senders';
import { smsSenderProvider } from './sms/sms-sender.provider';

/**
 * `MailSender` and `SmsSender` for the providers the configuration names (`MAIL_PROVIDER`,
 * `SMS_PROVIDER`). Only the chosen providers are built: an SMTP transport is not created when
 * mail goes to the console. Twilio requests go through a `TwilioHttpClient` when one is provided
 * globally (tests), else through the SDK's own client. Global: the senders serve every module.
 */
@Module({})
export class NotificationsModule {
  static forRoot(config: AppConfig, options: NotificationsOptions = {}): DynamicModule {
    const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
    const mail = mailSenderProvision(config.mail, timeoutMs);
    return {
      module: NotificationsModule,
      global: true,
      imports: mail.imports,
      providers: [
        ...notificationMetricProviders,
        DeliveryOutcomes,
        mail.provider,
        smsSenderProvider(config.sms, timeoutMs),
      ],
      exports: [MailSender, SmsSender],
    };
  }
}
