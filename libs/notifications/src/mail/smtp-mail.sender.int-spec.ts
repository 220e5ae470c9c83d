import { createServer, type Server, type Socket } from 'node:net';
import {
  createNotificationsTestModule,
  type NotificationsTestContext,
  SmtpInbox,
} from '@app/notifications/testing';
import { NOTIFICATION_FAILURES, NOTIFICATIONS_SENT } from '../delivery/notifications.metrics';
import { DeliveryFailedException } from '../notifications.errors';
import type { MailMessage } from '../senders';

const MAIL_FROM = 'Example Auth <no-reply@example.test>';
const SMTP = { channel: 'mail', provider: 'smtp' } as const;

function message(to = 'ada@example.test'): MailMessage {
  return {
    to,
    subject: 'Votre code de connexion — 482913',
    text: 'Your sign-in code is 482913.\nIt expires in 10 minutes — à bientôt.',
    html: '<p>Your sign-in code is <strong>482913</strong>.</p><p>It expires in 10 minutes.</p>',
  };
}

function expectNothingOf(sent: MailMessage, logged: string): void {
  expect(logged).not.toContain(sent.to);
  expect(logged).not.toContain('482913');
  expect(logged).not.toContain('sign-in code');
}

describe('SMTP mail provider', () => {
  let inbox: SmtpInbox;
  let context: NotificationsTestContext | undefined;

  beforeEach(async () => {
    inbox = await SmtpInbox.start();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    await inbox.close();
  });

  async function smtpTo(url: string, timeoutMs?: number): Promise<NotificationsTestContext> {
    const env = { MAIL_PROVIDER: 'smtp', SMTP_URL: url, MAIL_FROM };
    context = await createNotificationsTestModule({ env, timeoutMs });
    return context;
  }

  it('delivers a message with MAIL_FROM, the recipient, the subject, a text and an HTML body', async () => {
    const { mail, count } = await smtpTo(inbox.url.replace('smtp://', 'smtp://mailer:secret@'));
    const before = await count(NOTIFICATIONS_SENT, SMTP);
    const sent = message();

    await mail.send(sent);

    const received = await inbox.waitFor((m) => m.envelope.to.includes(sent.to));
    expect(mail.provider).toBe('smtp');
    expect(received.envelope).toEqual({ from: 'no-reply@example.test', to: [sent.to] });
    expect(received.from).toBe(MAIL_FROM);
    expect(received.to).toBe(sent.to);
    expect(received.subject).toBe(sent.subject);
    expect(received.text).toBe(sent.text);
    expect(received.html).toBe(sent.html);
    expect(received.user).toBe('mailer');
    expect(await count(NOTIFICATIONS_SENT, SMTP)).toBe(before + 1);
  });

  it('fails with DeliveryFailedException when nothing listens at SMTP_URL', async () => {
    const { mail, count, logger } = await smtpTo(`smtp://127.0.0.1:${await closedPort()}`);
    const before = await count(NOTIFICATION_FAILURES, SMTP);
    const sent = message();

    const failure = mail.send(sent);

    await expect(failure).rejects.toBeInstanceOf(DeliveryFailedException);
    await expect(failure).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(await count(NOTIFICATION_FAILURES, SMTP)).toBe(before + 1);
    const [warning, ...others] = logger.at('warn');
    expect(others).toEqual([]);
    expect(warning).toMatch(/^mail delivery through smtp failed: .*ECONNREFUSED/);
    expectNothingOf(sent, logger.text());
  });

  it('fails when the server refuses the recipient, logging the reply without the address', async () => {
    const { mail, count, logger } = await smtpTo(inbox.url);
    const before = await count(NOTIFICATION_FAILURES, SMTP);
    const sent = message('grace@example.test');
    inbox.rejectNext();

    await expect(mail.send(sent)).rejects.toBeInstanceOf(DeliveryFailedException);

    expect(await count(NOTIFICATION_FAILURES, SMTP)).toBe(before + 1);
    expect(logger.at('warn')).toEqual([
      expect.stringMatching(/smtp failed: .*response=550.*Recipient address rejected/),
    ]);
    expectNothingOf(sent, logger.text());
    expect(inbox.messages).toEqual([]);
  });

  it('gives up on a server that accepts the connection and never greets', async () => {
    const silent = await silentServer();
    try {
      const { mail, logger } = await smtpTo(`smtp://127.0.0.1:${silent.port}`, 200);

      await expect(mail.send(message())).rejects.toBeInstanceOf(DeliveryFailedException);

      expect(logger.at('warn')).toEqual([expect.stringMatching(/smtp failed: .*ETIMEDOUT/)]);
    } finally {
      await silent.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const { port, close } = await silentServer();
  await close();
  return port;
}

/** A TCP server that takes connections and says nothing. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
