import type { ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { LocalHttpServer, type RecordedRequest } from '@app/notifications/testing';

/** The secret every test receiver verifies with, so that any test instance may deliver any row. */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('webhook signing key of the test runs!!').toString('base64')}`;

export interface ReceivedEvent {
  id: string;
  timestamp: number;
  type: string;
  eventTimestamp: string;
  data: Record<string, unknown>;
  raw: string;
}

type Mode = 'ok' | 'fail' | 'hang';

/**
 * A Standard Webhooks receiver: every request is verified with the `standardwebhooks` package
 * (a request that does not verify is kept in `rejected`), and it answers 204, 500 or never,
 * as told.
 */
export class WebhookReceiver {
  readonly events: ReceivedEvent[] = [];
  readonly rejected: Array<{ request: RecordedRequest; reason: string }> = [];
  readonly requests: RecordedRequest[] = [];
  /** The most requests open at once (taken and not yet answered or dropped) since the last reset. */
  maxOpen = 0;
  private open = 0;
  private mode: Mode = 'ok';

  private constructor(private readonly server: ReceiverServer) {
    server.onRequest = (request, response) => this.answer(request, response);
  }

  static async start(): Promise<WebhookReceiver> {
    return new WebhookReceiver(await ReceiverServer.open());
  }

  get url(): string {
    return this.server.url;
  }

  /** Answer 204 (the default), 500, or never. */
  behave(mode: Mode): void {
    this.mode = mode;
  }

  resetMaxOpen(): void {
    this.maxOpen = this.open;
  }

  /** Events received for one user, in arrival order. */
  of(userId: string, type?: string): ReceivedEvent[] {
    return this.events.filter((e) => e.data.user_id === userId && (type === undefined || e.type === type));
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private answer(request: RecordedRequest, response: ServerResponse): void {
    this.requests.push(request);
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    response.once('close', () => this.open--);
    const raw = request.rawBody.toString('utf8');
    try {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
      );
      const body = new Webhook(TEST_WEBHOOK_SECRET).verify(raw, headers) as {
        type: string;
        timestamp: string;
        data: Record<string, unknown>;
      };
      this.events.push({
        id: headers['webhook-id']!,
        timestamp: Number(headers['webhook-timestamp']),
        type: body.type,
        eventTimestamp: body.timestamp,
        data: body.data,
        raw,
      });
    } catch (error) {
      this.rejected.push({ request, reason: (error as Error).message });
    }
    if (this.mode === 'hang') return;
    response.writeHead(this.mode === 'ok' ? 204 : 500).end();
  }
}

/** The HTTP side of the receiver. */
class ReceiverServer extends LocalHttpServer {
  onRequest: (request: RecordedRequest, response: ServerResponse) => void = () => undefined;

  static async open(): Promise<ReceiverServer> {
    const server = new ReceiverServer();
    await server.listen();
    return server;
  }

  get url(): string {
    return `${this.baseUrl}/hooks`;
  }

  protected answer(request: RecordedRequest, response: ServerResponse): void {
    this.onRequest(request, response);
  }
}
