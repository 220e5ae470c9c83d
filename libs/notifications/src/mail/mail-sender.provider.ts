import type { DynamicModule, Provider } from '@nestjs/common';
import { MailerModule, MailerService } from '@nestjs-modules/mailer';
import type { AppConfig } from '@app/core';
import { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { requiredSetting } from '../delivery/required-setting';
import { MailSender } from '../senders';
import { ConsoleMailSender } from './console-mail.sender';
import { smtpMailerOptions, SmtpMailSender } from './smtp-mail.sender';

/** The `MailSender` of `MAIL_PROVIDER`, and the modules it needs. */
export function mailSenderProvision(
  mail: AppConfig['mail'],
  timeoutMs: number,
): { imports: DynamicModule[]; provider: Provider } {
  if (mail.provider === 'console') {
    return {
      imports: [],
      provider: {
        provide: MailSender,
        useFactory: (outcomes: DeliveryOutcomes) => new ConsoleMailSender(outcomes),
        inject: [DeliveryOutcomes],
      },
    };
  }
  const smtpUrl = requiredSetting(mail.smtpUrl, 'SMTP_URL');
  return {
    imports: [MailerModule.forRoot(smtpMailerOptions(smtpUrl, timeoutMs))],
    provider: {
      provide: MailSender,
      useFactory: (mailer: MailerService, outcomes: DeliveryOutcomes) =>
        new SmtpMailSender(mailer, mail.from, outcomes),
      inject: [MailerService, DeliveryOutcomes],
    },
  };
}
