import { TestClock } from '@app/core/testing';
import { bearer, decodeJwt, login, verifyToken } from './support/accounts';
import { nextCode, passwordStep, registerWithMfa, signInAal2, verifyMfa } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('managing an active factor', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  const regenerate = (accessToken: string, code: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/mfa/recovery-codes',
      headers: bearer(accessToken),
      payload: { code },
    });
  const disable = (accessToken: string, code: string) =>
    t.app.inject({ method: 'DELETE', url: '/v1/mfa/totp', headers: bearer(accessToken), payload: { code } });

  it('refuses an aal1 session with 403 insufficient_aal', async () => {
    const account = await registerWithMfa(t.app, clock);
    for (const res of [
      await regenerate(account.session.access_token, await nextCode(clock, account.secret)),
      await disable(account.session.access_token, await nextCode(clock, account.secret)),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'insufficient_aal' });
    }
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/user/me',
      headers: bearer(account.session.access_token),
    });
    expect(me.json()).toMatchObject({ mfa_enabled: true });
  });

  it('replaces the recovery codes with a current code; the old ones die', async () => {
    const account = await registerWithMfa(t.app, clock);
    const session = await signInAal2(t.app, clock, account);

    const wrong = await regenerate(session.access_token, '000000');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'invalid_mfa_code' });

    const res = await regenerate(session.access_token, await nextCode(clock, account.secret));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const fresh: string[] = res.json().recovery_codes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(account.recoveryCodes[0]);

    const old = await verifyMfa(
      t.app,
      await passwordStep(t.app, account.email, account.password),
      account.recoveryCodes[0]!,
    );
    expect(old.statusCode).toBe(401);
    const renewed = await verifyMfa(
      t.app,
      await passwordStep(t.app, account.email, account.password),
      fresh[0]!,
    );
    expect(renewed.statusCode).toBe(200);
  });

  it('refuses to disable without a current code', async () => {
    const account = await registerWithMfa(t.app, clock);
    const session = await signInAal2(t.app, clock, account);
    const spent = await nextCode(clock, account.secret);
    expect((await regenerate(session.access_token, spent)).statusCode).toBe(200);
    const replayed = await disable(session.access_token, spent);
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json()).toMatchObject({ code: 'invalid_mfa_code' });
    expect((await login(t.app, account.email, account.password)).json()).toMatchObject({
      mfa_required: true,
    });
  });

  it('disables MFA with a current code and revokes the other sessions', async () => {
    const account = await registerWithMfa(t.app, clock);
    const session = await signInAal2(t.app, clock, account);
    const other = await signInAal2(t.app, clock, account);

    const res = await disable(session.access_token, await nextCode(clock, account.secret));
    expect(res.statusCode).toBe(204);
    expect((await verifyToken(t.app, other.access_token)).statusCode).toBe(401);
    expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(200);

    const plain = await login(t.app, account.email, account.password);
    expect(plain.statusCode).toBe(200);
    expect(plain.json().user).toMatchObject({ mfa_enabled: false });
    expect(decodeJwt(plain.json().session.access_token).payload).toMatchObject({ aal: 'aal1', amr: ['pwd'] });

    const events = await t.app.inject({
      method: 'GET',
      url: '/v1/user/activity?limit=100',
      headers: bearer(session.access_token),
    });
    const types = events.json().events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['mfa.enrolled', 'mfa.verified', 'mfa.disabled']));
  });

  it('shows mfa.verified and mfa.failed in the activity feed', async () => {
    const account = await registerWithMfa(t.app, clock);
    const token = await passwordStep(t.app, account.email, account.password);
    expect((await verifyMfa(t.app, token, '000000')).statusCode).toBe(401);
    const session = (await verifyMfa(t.app, token, await nextCode(clock, account.secret))).json().session;

    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/user/activity',
      headers: bearer(session.access_token),
    });
    const events: Array<{ type: string; metadata: Record<string, unknown> }> = res.json().events;
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(['mfa.verified', 'mfa.failed']);
    expect(events[0]!.metadata).toMatchObject({ method: 'totp', first_factor: 'pwd' });
    expect(events[1]!.metadata).toMatchObject({ method: 'totp', reason: 'invalid_code' });
    expect(JSON.stringify(events)).not.toContain(account.secret);

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^mfa_verifications_total\{method="totp",result="success"\} [1-9]/m);
    expect(metrics).toMatch(/^mfa_verifications_total\{method="totp",result="invalid_code"\} [1-9]/m);
  });
});
