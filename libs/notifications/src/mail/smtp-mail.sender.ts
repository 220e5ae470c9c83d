import type { MailerOptions, MailerService } from '@nestjs-modules/mailer';
import type { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { MailMessage, MailSender } from '../senders';

/**
 * Nodemailer's SMTP transport with every wait bounded, so that a dead or silent server fails the
 * request within seconds instead of the library's minutes. One connection per message: codes are
 * rare enough that a pool would mostly hold idle sockets.
 */
export function smtpMailerOptions(smtpUrl: string, timeoutMs: number): MailerOptions {
  return {
    transport: {
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    },
    // Bounds the whole exchange (connect, greeting, envelope, data), each step being bounded above.
    sendTimeout: 3 * timeoutMs,
  };
}

/** Email over SMTP through @nestjs-modules/mailer, from `MAIL_FROM`, with a text and an HTML body. */
export class SmtpMailSender extends MailSender {
  readonly provider = 'smtp';

  constructor(
    private readonly mailer: MailerService,
    private readonly from: string,
    private readonly outcomes: DeliveryOutcomes,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    const { to, subject, text, html } = message;
    try {
      // `from` per message: nodemailer 10's types refuse it in the module's `defaults`.
      await this.mailer.sendMail({ from: this.from, to, subject, text, html });
    } catch (error) {
      throw this.outcomes.failed('mail', this.provider, error, [to, subject, text, html]);
    }
    this.outcomes.delivered('mail', this.provider);
  }
}
