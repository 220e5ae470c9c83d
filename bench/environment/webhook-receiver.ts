import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fast webhook receiver: reads each delivery and answers 204 at once, counting them. */
export class FastWebhookReceiver {
  received = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FastWebhookReceiver> {
    let receiver: FastWebhookReceiver | undefined = undefined;
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (receiver) receiver.received++;
        response.writeHead(204).end();
      });
    });
    receiver = new FastWebhookReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
