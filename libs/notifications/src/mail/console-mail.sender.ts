import { Logger } from '@nestjs/common';
import type { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { MailMessage, MailSender } from '../senders';

/**
 * Development only (the configuration refuses it in production): writes the message to the log
 * instead of sending it, so that a developer can read the code without a mail server.
 */
export class ConsoleMailSender extends MailSender {
  readonly provider = 'console';
  private readonly logger = new Logger('ConsoleMail');

  constructor(private readonly outcomes: DeliveryOutcomes) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    const { to, subject, text } = message;
    // JSON-quoted so that the multi-line text stays on one log line.
    this.logger.log(`mail to ${to}, subject ${JSON.stringify(subject)} (not sent): ${JSON.stringify(text)}`);
    this.outcomes.delivered('mail', this.provider);
  }
}
