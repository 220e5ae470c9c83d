import { createHmac } from 'node:crypto';
import {
  createNotificationsTestModule,
  type NotificationsTestContext,
  WebhookSink,
} from '@app/notifications/testing';
import { NOTIFICATION_FAILURES, NOTIFICATIONS_SENT } from '../delivery/notifications.metrics';
import { DeliveryFailedException } from '../notifications.errors';

const WEBHOOK = { channel: 'sms', provider: 'webhook' } as const;
const SMS = { to: '+447700900123', body: 'Votre code : 482913 — valable 10 minutes.' };
const SECRET = 'a shared secret of the gateway';

describe('webhook SMS provider', () => {
  let sink: WebhookSink;
  let context: NotificationsTestContext | undefined;

  beforeEach(async () => {
    sink = await WebhookSink.start();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    await sink.close();
  });

  async function webhook(secret?: string, timeoutMs?: number): Promise<NotificationsTestContext> {
    const env = { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sink.url, SMS_WEBHOOK_SECRET: secret };
    context = await createNotificationsTestModule({ env, timeoutMs });
    return context;
  }

  it('posts exactly {"to","body"} as JSON, signed with the secret over the raw body', async () => {
    const { sms, count } = await webhook(SECRET);
    const before = await count(NOTIFICATIONS_SENT, WEBHOOK);

    await sms.send(SMS);

    expect(sms.provider).toBe('webhook');
    const [request] = sink.requests;
    expect(sink.requests).toHaveLength(1);
    expect(request).toMatchObject({ method: 'POST', path: '/sms' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.rawBody.toString('utf8'))).toEqual(SMS);
    expect(Object.keys(JSON.parse(request!.rawBody.toString('utf8')))).toEqual(['to', 'body']);
    const expected = createHmac('sha256', SECRET).update(request!.rawBody).digest('hex');
    expect(request!.headers['x-signature']).toBe(expected);
    expect(await count(NOTIFICATIONS_SENT, WEBHOOK)).toBe(before + 1);
  });

  it('sends no signature without a secret', async () => {
    const { sms } = await webhook();

    await sms.send(SMS);

    expect(sink.requests).toHaveLength(1);
    expect(sink.requests[0]!.headers).not.toHaveProperty('x-signature');
  });

  it.each([302, 400, 500, 503])('treats a %i answer as a failure', async (status) => {
    const { sms, count, logger } = await webhook(SECRET);
    const before = await count(NOTIFICATION_FAILURES, WEBHOOK);
    sink.respondWith(status);

    const failure = sms.send(SMS);

    await expect(failure).rejects.toBeInstanceOf(DeliveryFailedException);
    await expect(failure).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(await count(NOTIFICATION_FAILURES, WEBHOOK)).toBe(before + 1);
    expect(logger.at('warn')).toEqual([
      `sms delivery through webhook failed: WebhookRefusedError status=${status} "the webhook answered HTTP ${status}"`,
    ]);
  });

  it('gives up on a gateway that never answers, within the timeout', async () => {
    const { sms, count, logger } = await webhook(SECRET, 200);
    const before = await count(NOTIFICATION_FAILURES, WEBHOOK);
    sink.hang();

    await expect(sms.send(SMS)).rejects.toBeInstanceOf(DeliveryFailedException);

    expect(sink.requests).toHaveLength(1);
    expect(await count(NOTIFICATION_FAILURES, WEBHOOK)).toBe(before + 1);
    expect(logger.at('warn')).toEqual([
      expect.stringMatching(/^sms delivery through webhook failed: TimeoutError/),
    ]);
    expect(logger.text()).not.toContain(SMS.to);
    expect(logger.text()).not.toContain('482913');
  });

  it('fails when nothing listens at the URL', async () => {
    const gone = await WebhookSink.start();
    await gone.close();
    context = await createNotificationsTestModule({
      env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: gone.url },
    });

    await expect(context.sms.send(SMS)).rejects.toBeInstanceOf(DeliveryFailedException);

    expect(context.logger.at('warn')).toEqual([
      expect.stringMatching(/webhook failed: TypeError "fetch failed" <- .*ECONNREFUSED/),
    ]);
  });
});
