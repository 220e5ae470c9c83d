import { Logger } from '@nestjs/common';
import type { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { SmsMessage, SmsSender } from '../senders';

/**
 * Development only (the configuration refuses it in production): writes the message to the log
 * instead of sending it, so that a developer can read the code without an SMS gateway.
 */
export class ConsoleSmsSender extends SmsSender {
  readonly provider = 'console';
  private readonly logger = new Logger('ConsoleSms');

  constructor(private readonly outcomes: DeliveryOutcomes) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    this.logger.log(`sms to ${message.to} (not sent): ${JSON.stringify(message.body)}`);
    this.outcomes.delivered('sms', this.provider);
  }
}
