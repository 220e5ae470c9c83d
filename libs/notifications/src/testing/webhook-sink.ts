import type { ServerResponse } from 'node:http';
import { LocalHttpServer, type RecordedRequest } from './local-http-server';

/**
 * A local HTTP endpoint standing in for an SMS gateway: records each request (raw body
 * included, for signature checks) and answers with the status it is told, or never answers.
 */
export class WebhookSink extends LocalHttpServer {
  readonly requests: RecordedRequest[] = [];
  private status = 202;
  private hanging = false;

  private constructor(private readonly path: string) {
    super();
  }

  static async start(path = '/sms'): Promise<WebhookSink> {
    const sink = new WebhookSink(path);
    await sink.listen();
    return sink;
  }

  /** The URL to configure as `SMS_WEBHOOK_URL`. */
  get url(): string {
    return `${this.baseUrl}${this.path}`;
  }

  /** The status of every answer from now on (202 at first). */
  respondWith(status: number): void {
    this.status = status;
  }

  /** From now on, take requests and never answer them. */
  hang(): void {
    this.hanging = true;
  }

  protected answer(request: RecordedRequest, response: ServerResponse): void {
    this.requests.push(request);
    if (this.hanging) return;
    response.writeHead(this.status, { 'Content-Type': 'application/json' }).end('{}');
  }
}
