import { TestClock } from '@app/core/testing';
import { bearer, decodeJwt, login, refresh, verifyToken } from './support/accounts';
import { nextCode, passwordStep, registerWithMfa, totpAt, verifyMfa } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('POST /v1/mfa/verify', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  it('turns the MFA step of a password login into an aal2 session', async () => {
    const account = await registerWithMfa(t.app, clock);
    const step = await login(t.app, account.email, account.password);
    expect(step.statusCode).toBe(200);
    expect(step.json()).toEqual({
      mfa_required: true,
      mfa_token: expect.any(String),
      mfa_token_expires_in: 300,
      factors: ['totp'],
    });

    const res = await verifyMfa(t.app, step.json().mfa_token, await nextCode(clock, account.secret));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { user, session } = res.json();
    expect(user).toMatchObject({ id: account.userId, email: account.email, mfa_enabled: true });
    expect(decodeJwt(session.access_token).payload).toMatchObject({
      sub: account.userId,
      aal: 'aal2',
      amr: ['pwd', 'totp'],
    });

    const verified = await verifyToken(t.app, session.access_token);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ aal: 'aal2', amr: ['pwd', 'totp'] });
    expect(verified.headers['x-auth-aal']).toBe('aal2');
    expect(verified.headers['x-auth-user-id']).toBe(account.userId);

    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/user/sessions',
      headers: bearer(session.access_token),
    });
    const current = list.json().sessions.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ id: session.session_id, aal: 'aal2' });

    const refreshed = await refresh(t.app, session.refresh_token);
    expect(decodeJwt(refreshed.json().session.access_token).payload).toMatchObject({ aal: 'aal2' });
  });

  it('spends the mfa_token on success', async () => {
    const account = await registerWithMfa(t.app, clock);
    const token = await passwordStep(t.app, account.email, account.password);
    expect((await verifyMfa(t.app, token, await nextCode(clock, account.secret))).statusCode).toBe(200);
    const again = await verifyMfa(t.app, token, await nextCode(clock, account.secret));
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'invalid_mfa_token' });
  });

  it('never accepts the mfa_token as a bearer or a refresh token', async () => {
    const account = await registerWithMfa(t.app, clock);
    const token = await passwordStep(t.app, account.email, account.password);
    const asBearer = await verifyToken(t.app, token);
    expect(asBearer.statusCode).toBe(401);
    expect(asBearer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const asRefresh = await refresh(t.app, token);
    expect(asRefresh.statusCode).toBe(401);
    expect(asRefresh.json()).toMatchObject({ code: 'invalid_refresh_token' });
    const me = await t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(token) });
    expect(me.statusCode).toBe(401);
  });

  it('refuses unknown and expired tokens', async () => {
    const account = await registerWithMfa(t.app, clock);
    const unknown = await verifyMfa(t.app, 'A'.repeat(43), await nextCode(clock, account.secret));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'invalid_mfa_token' });

    const token = await passwordStep(t.app, account.email, account.password);
    clock.advance(301);
    const expired = await verifyMfa(t.app, token, await nextCode(clock, account.secret));
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'invalid_mfa_token' });
  });

  it('kills the mfa_token at the fifth wrong code, even for the right code after', async () => {
    const account = await registerWithMfa(t.app, clock);
    const token = await passwordStep(t.app, account.email, account.password);
    for (let i = 0; i < 5; i++) {
      const wrong = await verifyMfa(t.app, token, i % 2 === 0 ? '000000' : 'aaaa-bbbb-cccc-dddd');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'invalid_mfa_code' });
    }
    const right = await verifyMfa(t.app, token, await nextCode(clock, account.secret));
    expect(right.statusCode).toBe(401);
    expect(right.json()).toMatchObject({ code: 'invalid_mfa_token' });
  });

  it('counts wrong codes against the account: five lock the second factor, whatever the password does', async () => {
    const account = await registerWithMfa(t.app, clock);
    const token = await passwordStep(t.app, account.email, account.password);
    for (let i = 0; i < 5; i++) expect((await verifyMfa(t.app, token, '000000')).statusCode).toBe(401);

    // A correct password resets only the password counter: it buys no fresh guesses at the code.
    const fresh = await passwordStep(t.app, account.email, account.password);
    // The code of the current step, without moving the clock (the lock lasts 30 s).
    const locked = await verifyMfa(t.app, fresh, await totpAt(account.secret, clock.epochSeconds()));
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'rate_limited' });
    expect(locked.headers['retry-after']).toBe('30');

    clock.advance(31);
    const later = await passwordStep(t.app, account.email, account.password);
    expect((await verifyMfa(t.app, later, await nextCode(clock, account.secret))).statusCode).toBe(200);
  });
});
