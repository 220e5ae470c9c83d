import { login, refresh, registerUser, verifyToken } from './support/accounts';
import { startTestApp, TestApp } from './support/test-app';

describe('auth counters on /metrics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts registrations, sign-ins, refreshes and verifications by result, with no personal data', async () => {
    const { email, password, userId, session } = await registerUser(t.app);
    await login(t.app, email, 'a wrong password');
    await login(t.app, email, password);
    await refresh(t.app, session.refresh_token);
    await refresh(t.app, 'garbage');
    await verifyToken(t.app, session.access_token);
    await verifyToken(t.app, 'garbage');

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const series of [
      /^auth_registrations_total [1-9]/m,
      /^auth_logins_total\{method="password",result="success"\} [1-9]/m,
      /^auth_logins_total\{method="password",result="invalid_credentials"\} [1-9]/m,
      /^auth_token_refreshes_total\{result="success"\} [1-9]/m,
      /^auth_token_refreshes_total\{result="invalid"\} [1-9]/m,
      /^auth_verify_token_total\{result="valid"\} [1-9]/m,
      /^auth_verify_token_total\{result="invalid"\} [1-9]/m,
    ]) {
      expect(metrics).toMatch(series);
    }
    for (const personal of [email, userId, session.session_id, session.refresh_token]) {
      expect(metrics).not.toContain(personal);
    }
  });
});
