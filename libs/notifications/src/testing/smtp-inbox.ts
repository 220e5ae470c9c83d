import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { parseMail, type ParsedMail } from './mime';

export interface ReceivedMail extends ParsedMail {
  /** The SMTP envelope: MAIL FROM and every RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The user name of `AUTH`, when the client authenticated. */
  user: string | undefined;
}

/**
 * A real SMTP server inside the test process (smtp-server, from the nodemailer project) on
 * 127.0.0.1 and a free port. It keeps every message it accepts, and can refuse the next ones
 * the way real servers do, quoting the recipient in the reply.
 */
export class SmtpInbox {
  readonly messages: ReceivedMail[] = [];
  private rejections = 0;
  private waiters: Array<() => void> = [];

  private readonly server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    // Plain SMTP: with STARTTLS offered, nodemailer would upgrade to the server's untrusted certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onRcptTo: (address, _session, callback) => this.acceptRecipient(address, callback),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.keep(Buffer.concat(chunks).toString('latin1'), session);
        callback();
      });
    },
  });
  private port = 0;

  private constructor() {}

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    await new Promise<void>((resolve, reject) => {
      inbox.server.once('error', reject);
      inbox.server.listen(0, '127.0.0.1', () => resolve());
    });
    inbox.port = (inbox.server.server.address() as AddressInfo).port;
    return inbox;
  }

  /** The URL to configure as `SMTP_URL`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuse the next `count` recipients (one per message the service sends) with a permanent 550. */
  rejectNext(count = 1): void {
    this.rejections = count;
  }

  /** The first message (already received or still to come) that satisfies `predicate`. */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 5000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private acceptRecipient(address: SMTPServerAddress, callback: (error?: Error | null) => void): void {
    if (this.rejections <= 0) return callback();
    this.rejections--;
    const refusal = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), {
      responseCode: 550,
    });
    callback(refusal);
  }

  private keep(raw: string, session: SMTPServerSession): void {
    const { mailFrom, rcptTo } = session.envelope;
    this.messages.push({
      ...parseMail(raw),
      envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) },
      user: typeof session.user === 'string' ? session.user : undefined,
    });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
