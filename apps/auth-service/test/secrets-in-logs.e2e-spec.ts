import { bearer, login, refresh, registerUser, uniqueEmail } from './support/accounts';
import { admin, ADMIN_KEY } from './support/admin';
import { until } from './support/polling';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

describe('no secret in any log line or webhook body', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startTestApp({
      LOG_LEVEL: 'trace',
      ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    });
  });

  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('logs and sends none of the passwords, tokens and keys of a full account flow', async () => {
    const password = 'an unmistakable passphrase 93';
    const { email, session } = await registerUser(t.app, { password });
    await login(t.app, email, 'a wrong passphrase 17');
    const second = (await login(t.app, email, password)).json().session;
    const rotated = (await refresh(t.app, second.refresh_token)).json().session;
    await t.app.inject({ method: 'GET', url: '/v1/verify-token', headers: bearer(rotated.access_token) });
    await t.app.inject({
      method: 'POST',
      url: '/v1/user/password',
      headers: bearer(rotated.access_token),
      payload: { current_password: password, new_password: 'the next passphrase 55' },
    });
    await t.app.inject({ method: 'POST', url: '/v1/logout', headers: bearer(rotated.access_token) });

    // registration, sign-in, the failure, password change (with its revocation) and logout
    await until(
      async () => receiver.requests.length,
      (n) => n >= 6,
    );
    const bodies = receiver.requests.map((r) => r.rawBody.toString('utf8')).join('\n');
    const text = `${t.logs.text()}\n${bodies}`;
    expect(t.logs.lines.length).toBeGreaterThan(5);
    for (const secret of [
      TEST_WEBHOOK_SECRET,
      TEST_WEBHOOK_SECRET.slice('whsec_'.length),
      password,
      'a wrong passphrase 17',
      'the next passphrase 55',
      session.access_token,
      session.refresh_token,
      second.refresh_token,
      rotated.access_token,
      rotated.refresh_token,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs no admin key, nor the passwords operators set', async () => {
    const created = 'an operator set passphrase 64';
    const changed = 'an operator changed passphrase 28';
    const wrongKey = `${ADMIN_KEY.slice(0, -1)}X`;
    const res = await admin(t.app, 'POST', '/users', { email: uniqueEmail(), password: created });
    await admin(t.app, 'PATCH', `/users/${res.json().id}`, { password: changed });
    await admin(t.app, 'GET', '/users?limit=1', undefined, bearer(wrongKey));
    await admin(t.app, 'POST', '/users', { email: 'not an email', password: created });
    await admin(t.app, 'GET', '/audit?limit=500');

    const text = t.logs.text();
    expect(text).toContain('/admin/v1/users');
    for (const secret of [ADMIN_KEY, wrongKey, created, changed]) expect(text).not.toContain(secret);
  });
});
