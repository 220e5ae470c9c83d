import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import { decodeJwt, login, registerUser, uniqueEmail } from './support/accounts';
import { giveActiveTotpFactor } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('POST /v1/login', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  /** A response without what legitimately differs between two requests. */
  const comparable = (res: {
    statusCode: number;
    json: () => Record<string, unknown>;
    headers: Record<string, unknown>;
  }) => {
    const { request_id: _requestId, ...body } = res.json();
    return { status: res.statusCode, body, contentType: res.headers['content-type'] };
  };

  it('signs in with the password and issues an aal1 session', async () => {
    const { email, password, userId } = await registerUser(t.app);
    const res = await login(t.app, email, password);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.user).toMatchObject({ id: userId, email });
    expect(decodeJwt(body.session.access_token).payload).toMatchObject({
      amr: ['pwd'],
      aal: 'aal1',
      sub: userId,
    });
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const { email } = await registerUser(t.app);
    const wrongPassword = await login(t.app, email, 'not the right password');
    const unknownEmail = await login(t.app, uniqueEmail(), 'not the right password');
    expect(wrongPassword.statusCode).toBe(401);
    expect(comparable(unknownEmail)).toEqual(comparable(wrongPassword));
    expect(wrongPassword.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it('locks the account after 5 failures, refuses even the right password meanwhile, and grows the delay', async () => {
    const { email, password } = await registerUser(t.app);
    for (let i = 0; i < 5; i++)
      expect((await login(t.app, email, `wrong-${i}-password`)).statusCode).toBe(401);

    const locked = await login(t.app, email, password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'rate_limited' });
    expect(locked.headers['retry-after']).toBe('30');
    expect(locked.json()).not.toHaveProperty('session');

    clock.advance(31);
    expect((await login(t.app, email, 'still-wrong-password')).statusCode).toBe(401);
    const longer = await login(t.app, email, password);
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('60');

    clock.advance(61);
    expect((await login(t.app, email, password)).statusCode).toBe(200);
    expect((await login(t.app, email, 'one-wrong-password')).statusCode).toBe(401);
    expect((await login(t.app, email, password)).statusCode).toBe(200);
  });

  it('locks unknown addresses the same way', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++)
      expect((await login(t.app, email, `wrong-${i}-password`)).statusCode).toBe(401);
    const res = await login(t.app, email, 'any-password-at-all');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('30');
  });

  it('never lets concurrent guesses past the lock', async () => {
    const { email } = await registerUser(t.app);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(t.app, email, `parallel-guess-${i}`)),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('records login.succeeded and login.failed audit events with the reason', async () => {
    const { email, password, userId } = await registerUser(t.app);
    await login(t.app, email, 'a-wrong-password');
    await login(t.app, email, password);
    const events: Array<{ type: string; metadata: Record<string, unknown> }> = await t.app
      .get(DataSource)
      .query(`SELECT type, metadata FROM audit_events WHERE user_id = $1 ORDER BY created_at`, [userId]);
    expect(events.map((e) => e.type)).toEqual(['user.registered', 'login.failed', 'login.succeeded']);
    expect(events[1]!.metadata).toMatchObject({ reason: 'wrong_password' });
  });

  it('stops at the MFA step, with no tokens, for a user with a second factor', async () => {
    const { email, password, userId } = await registerUser(t.app);
    await giveActiveTotpFactor(t.app.get(DataSource), userId);
    const res = await login(t.app, email, password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      mfa_required: true,
      mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      mfa_token_expires_in: 300,
      factors: ['totp'],
    });
    const stored: Array<{ token_hash: Buffer }> = await t.app
      .get(DataSource)
      .query(`SELECT token_hash FROM mfa_challenges WHERE user_id = $1`, [userId]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash.toString('base64url')).not.toBe(body.mfa_token);
    const asBearer = await t.app.inject({
      method: 'GET',
      url: '/v1/verify-token',
      headers: { authorization: `Bearer ${body.mfa_token}` },
    });
    expect(asBearer.statusCode).toBe(401);
    const asRefresh = await t.app.inject({
      method: 'POST',
      url: '/v1/token/refresh',
      payload: { refresh_token: body.mfa_token },
    });
    expect(asRefresh.statusCode).toBe(401);
  });
});

describe('POST /v1/login with REQUIRE_EMAIL_VERIFICATION', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REQUIRE_EMAIL_VERIFICATION: 'true' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('registers without a session and refuses login until the email is verified', async () => {
    const email = uniqueEmail();
    const password = 'verification pending passphrase';
    const reg = await t.app.inject({ method: 'POST', url: '/v1/register', payload: { email, password } });
    expect(reg.statusCode).toBe(201);
    expect(reg.json().session).toBeNull();

    const refused = await login(t.app, email, password);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'email_not_verified' });
    expect((await login(t.app, email, 'wrong password here')).statusCode).toBe(401);

    await t.app.get(DataSource).query(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [email]);
    expect((await login(t.app, email, password)).statusCode).toBe(200);
  });
});

describe('POST /v1/login per-IP limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN_IP: '3/60' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After once an IP has used up its sign-in attempts, leaving other routes alone', async () => {
    const { email, password } = await registerUser(t.app);
    for (let i = 0; i < 3; i++) {
      const res = await login(t.app, uniqueEmail(), 'some password here');
      expect(res.statusCode).toBe(401);
      expect(res.headers['ratelimit-limit']).toBe('3');
    }
    const limited = await login(t.app, email, password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect((await t.app.inject({ method: 'POST', url: '/v1/register', payload: {} })).statusCode).toBe(400);
  });
});
