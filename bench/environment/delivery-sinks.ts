import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * What production mode requires of mail and SMS: an SMTP server and an SMS webhook that accept
 * and discard every message. The measured flows send nothing; the service only needs them configured.
 */
export class DeliverySinks {
  private constructor(
    private readonly smtp: SMTPServer,
    private readonly webhook: Server,
  ) {}

  static async start(): Promise<DeliverySinks> {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    const webhook = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(0, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', () => resolve()));
    return new DeliverySinks(smtp, webhook);
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${(this.smtp.server.address() as AddressInfo).port}`;
  }

  get smsWebhookUrl(): string {
    return `http://127.0.0.1:${(this.webhook.address() as AddressInfo).port}/sms`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
    await new Promise<void>((resolve) => this.webhook.close(() => resolve()));
  }
}
