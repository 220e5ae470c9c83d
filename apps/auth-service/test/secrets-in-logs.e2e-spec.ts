import { bearer, login, refresh, registerUser } from './support/accounts';
import { startTestApp, TestApp } from './support/test-app';

describe('no secret in any log line', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('logs none of the passwords and tokens of a full account flow', async () => {
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

    const text = t.logs.text();
    expect(t.logs.lines.length).toBeGreaterThan(5);
    for (const secret of [
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
});
