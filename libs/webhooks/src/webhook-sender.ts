import { Injectable } from '@nestjs/common';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { AppConfig, Clock } from '@app/core';

/** What a receiver answered; a body is read only up to this much, then the connection is cut. */
export const MAX_RESPONSE_BYTES = 4096;

export type SendOutcome = { statusCode: number } | { error: string };

export interface SignedMessage {
  eventId: string;
  url: string;
  payload: string;
}

/**
 * One POST of a Standard Webhooks message, signed at send time (receivers refuse old
 * timestamps, so each attempt carries its own). Redirects are not followed (a 3xx is a failure)
 * and the whole exchange is bounded by the timeout and the response body limit, so that a
 * receiver can never hold a socket, memory or the event loop.
 */
@Injectable()
export class WebhookSender {
  private readonly signer: Webhook | undefined;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const { secret, concurrency } = config.webhooks;
    this.signer = secret === undefined ? undefined : new Webhook(secret);
    const options = { keepAlive: true, maxSockets: concurrency, maxTotalSockets: concurrency };
    this.agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  }

  headers(message: SignedMessage): Record<string, string> {
    if (!this.signer) throw new Error('WEBHOOK_SECRET is not set');
    const now = this.clock.now();
    return {
      'content-type': 'application/json',
      'user-agent': 'auth-service-webhooks',
      'webhook-id': message.eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': this.signer.sign(message.eventId, now, message.payload),
    };
  }

  send(message: SignedMessage, signal: AbortSignal): Promise<SendOutcome> {
    const url = new URL(message.url);
    const isHttps = url.protocol === 'https:';
    const body = Buffer.from(message.payload, 'utf8');
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.config.webhooks.timeoutMs)]);
    return new Promise<SendOutcome>((resolve) => {
      const request = (isHttps ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: isHttps ? this.agents.https : this.agents.http,
        headers: { ...this.headers(message), 'content-length': String(body.length) },
        signal: deadline,
      });
      request.on('response', (response) =>
        drain(response, () => resolve({ statusCode: response.statusCode ?? 0 })),
      );
      request.on('error', (error) => resolve({ error: describe(error, deadline, signal) }));
      request.end(body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** Reads at most `MAX_RESPONSE_BYTES` and gives the socket back (or cuts it), then reports. */
function drain(response: IncomingMessage, done: () => void): void {
  let read = 0;
  response.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > MAX_RESPONSE_BYTES) response.destroy();
  });
  response.once('end', done);
  response.once('close', done);
  response.once('error', () => undefined);
}

/** A short cause for `last_error`; a receiver's own words are never stored. */
function describe(error: Error & { code?: string }, deadline: AbortSignal, shutdown: AbortSignal): string {
  if (shutdown.aborted) return 'aborted: shutting down';
  if (deadline.aborted) return 'timeout: no answer in time';
  return `connection failed: ${error.code ?? error.name}`;
}
