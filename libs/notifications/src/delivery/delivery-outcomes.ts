import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DeliveryFailedException } from '../notifications.errors';
import { describeFailure } from './failure-cause';
import { NOTIFICATION_FAILURES, NOTIFICATIONS_SENT } from './notifications.metrics';

export type Channel = 'mail' | 'sms';

/** What every provider does once it knows how a send went: count it and, on failure, say why. */
@Injectable()
export class DeliveryOutcomes {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectMetric(NOTIFICATIONS_SENT) private readonly sent: Counter<string>,
    @InjectMetric(NOTIFICATION_FAILURES) private readonly failures: Counter<string>,
  ) {}

  delivered(channel: Channel, provider: string): void {
    this.sent.inc({ channel, provider });
  }

  /**
   * Logs one warning with the provider and a redacted cause, counts the failure, and returns the
   * exception for the caller to throw. `sensitive` lists the recipient and the message text,
   * which must not reach the log even when the provider's error quotes them.
   */
  failed(channel: Channel, provider: string, error: unknown, sensitive: string[]): DeliveryFailedException {
    this.failures.inc({ channel, provider });
    this.logger.warn(`${channel} delivery through ${provider} failed: ${describeFailure(error, sensitive)}`);
    return new DeliveryFailedException();
  }
}
