import { request } from 'node:http';
import { connect, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type Answer = { status: number; body: string } | { error: string };

/** One GET on a connection of its own (no pooling, so no connection outlives the call). */
export function get(baseUrl: string, path: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(new URL(path, baseUrl), { agent: false, headers: { Connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/** Repeats a GET until its answer satisfies `accept`; the test's own timeout bounds the wait. */
export async function getUntil(
  baseUrl: string,
  path: string,
  accept: (answer: Answer) => boolean,
): Promise<Answer> {
  for (;;) {
    const answer = await get(baseUrl, path);
    if (accept(answer)) return answer;
    await sleep(50);
  }
}

export const statusOf = (answer: Answer): number | string =>
  'status' in answer ? answer.status : answer.error;

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A POST held in flight on a keep-alive connection: the headers go first, with
 * `Expect: 100-continue` so that the server's `100 Continue` proves it has taken the request in;
 * the body follows only when the test says so.
 */
export class HeldPost {
  private readonly socket: Socket;
  private received = '';
  private failure: Error | undefined;
  private readonly ended: Promise<void>;

  private constructor(
    url: URL,
    private readonly body: string,
  ) {
    this.socket = connect(Number(url.port), url.hostname);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => (this.received += chunk));
    this.socket.on('error', (error) => (this.failure = error));
    this.ended = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  static async start(baseUrl: string, path: string, body: string): Promise<HeldPost> {
    const url = new URL(path, baseUrl);
    const held = new HeldPost(url, body);
    held.socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        'Expect: 100-continue\r\n\r\n',
    );
    while (!held.received.includes('\r\n\r\n')) {
      if (held.socket.destroyed) throw new Error(`connection closed before 100 Continue: ${held.received}`);
      await sleep(10);
    }
    if (!held.received.startsWith('HTTP/1.1 100 Continue'))
      throw new Error(`expected 100 Continue: ${held.received}`);
    held.received = held.received.slice(held.received.indexOf('\r\n\r\n') + 4);
    return held;
  }

  /** Sends the body and reads the response up to the server closing the connection. */
  async finish(): Promise<RawResponse> {
    this.sendBody();
    return this.response();
  }

  /** Sends the body: the server now processes the request. */
  sendBody(): void {
    this.socket.write(this.body);
  }

  /** The response, read up to the server closing the connection; a reset connection throws. */
  async response(): Promise<RawResponse> {
    await this.ended;
    if (this.failure) throw new Error(`connection failed: ${this.failure.message}`, { cause: this.failure });
    const [head = '', ...rest] = this.received.split('\r\n\r\n');
    const [statusLine = '', ...headerLines] = head.split('\r\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => [
        line.slice(0, line.indexOf(':')).toLowerCase(),
        line.slice(line.indexOf(':') + 1).trim(),
      ]),
    );
    return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
  }

  destroy(): void {
    this.socket.destroy();
  }
}
