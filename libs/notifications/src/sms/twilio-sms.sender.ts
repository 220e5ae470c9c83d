import twilio from 'twilio';
import type { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { SmsMessage, SmsSender } from '../senders';
import type { TwilioHttpClient } from './twilio-http-client';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** An E.164 number, an alphanumeric sender ID, or a messaging service SID (`MG...`). */
  from: string;
}

export interface TwilioSenderOptions {
  timeoutMs: number;
  /** Where the SDK's requests go instead of its own client (a local stand-in in tests). */
  httpClient?: TwilioHttpClient;
}

/** SMS through the official Twilio SDK: one `messages.create` per message. */
export class TwilioSmsSender extends SmsSender {
  readonly provider = 'twilio';
  private readonly client: twilio.Twilio;
  private readonly sender: { from: string } | { messagingServiceSid: string };

  constructor(
    settings: TwilioSettings,
    private readonly outcomes: DeliveryOutcomes,
    options: TwilioSenderOptions,
  ) {
    super();
    // `timeout` bounds each request of the SDK's own client (an injected client has its own).
    this.client = twilio(settings.accountSid, settings.authToken, {
      timeout: options.timeoutMs,
      httpClient: options.httpClient,
      autoRetry: false,
    });
    this.sender = settings.from.startsWith('MG')
      ? { messagingServiceSid: settings.from }
      : { from: settings.from };
  }

  async send(message: SmsMessage): Promise<void> {
    const { to, body } = message;
    try {
      await this.client.messages.create({ ...this.sender, to, body });
    } catch (error) {
      throw this.outcomes.failed('sms', this.provider, error, [to, body]);
    }
    this.outcomes.delivered('sms', this.provider);
  }
}
