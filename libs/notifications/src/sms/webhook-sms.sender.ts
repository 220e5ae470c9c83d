import { createHmac } from 'node:crypto';
import type { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { SmsMessage, SmsSender } from '../senders';

export interface WebhookSettings {
  url: string;
  /** When set, `X-Signature` carries the hex HMAC-SHA256 of the raw body under this key. */
  secret: string | undefined;
}

/** An answer outside 2xx: the gateway did not take the message. */
class WebhookRefusedError extends Error {
  override readonly name = 'WebhookRefusedError';

  constructor(readonly status: number) {
    super(`the webhook answered HTTP ${status}`);
  }
}

/** SMS handed to an HTTP gateway of the operator's choosing: `POST {"to","body"}` as JSON. */
export class WebhookSmsSender extends SmsSender {
  readonly provider = 'webhook';

  constructor(
    private readonly settings: WebhookSettings,
    private readonly outcomes: DeliveryOutcomes,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    const { to, body } = message;
    // The signature covers these exact bytes, and these exact bytes are what is sent.
    const raw = Buffer.from(JSON.stringify({ to, body }), 'utf8');
    try {
      const response = await fetch(this.settings.url, {
        method: 'POST',
        headers: this.headersFor(raw),
        body: raw,
        // A redirect is an answer outside 2xx, not an invitation to post the message elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new WebhookRefusedError(response.status);
    } catch (error) {
      throw this.outcomes.failed('sms', this.provider, error, [to, body]);
    }
    this.outcomes.delivered('sms', this.provider);
  }

  private headersFor(raw: Buffer): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.settings.secret !== undefined) {
      headers['X-Signature'] = createHmac('sha256', this.settings.secret).update(raw).digest('hex');
    }
    return headers;
  }
}
