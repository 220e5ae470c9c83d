import { registerUser } from './support/accounts';
import { until } from './support/polling';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

describe('webhooks', () => {
  let receiver: WebhookReceiver;
  let service: TestApp;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    service = await startTestApp({ WEBHOOK_URLS: receiver.url, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
  });

  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  afterEach(() => {
    receiver.behave('ok');
    expect(receiver.rejected).toEqual([]);
  });

  it('sends user.created and session.created for a registration, signed the Standard Webhooks way', async () => {
    const user = await registerUser(service.app);

    const events = await until(
      async () => receiver.of(user.userId),
      (found) => found.length >= 2,
    );
    expect(events.map((e) => e.type).sort()).toEqual(['session.created', 'user.created']);
    const created = events.find((e) => e.type === 'user.created')!;
    expect(created.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(created.data).toEqual({ user_id: user.userId, email: user.email });
    expect(Math.abs(created.timestamp - Date.now() / 1000)).toBeLessThan(30);
    expect(Date.parse(created.eventTimestamp)).not.toBeNaN();
    expect(Object.keys(JSON.parse(created.raw))).toEqual(['type', 'timestamp', 'data']);
    const session = events.find((e) => e.type === 'session.created')!;
    expect(session.data).toMatchObject({ user_id: user.userId, session_id: user.session.session_id });
    expect(session.id).not.toBe(created.id);
  });
});
