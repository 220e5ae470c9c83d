import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { testEnvironment } from '@app/core/testing';
import { refresh, registerUser, uniqueEmail, uniquePhone } from './support/accounts';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

/*
 * The limits keyed by something other than the client IP: the account of a login, the address
 * of a one-time code, the session of a refresh. They count whatever the IP (each request below
 * comes from another forwarded address), fold the variants the service itself treats as one
 * address, and never write an address into Redis.
 */
describe('limits per account, address and session', () => {
  const redis = new Redis(testEnvironment().redisUrl, { lazyConnect: true });
  let t: TestApp;
  let request = 0;

  beforeAll(async () => {
    await redis.connect();
    t = await startTestApp({
      TRUST_PROXY: '1',
      OTP_RESEND_INTERVAL: '0',
      RATE_LIMIT_LOGIN_ACCOUNT: '3/60',
      RATE_LIMIT_OTP_SEND_DESTINATION: '2/60',
      RATE_LIMIT_OTP_VERIFY_DESTINATION: '3/60',
      RATE_LIMIT_REFRESH_SESSION: '3/60',
    });
  });

  afterAll(async () => {
    await t.close();
    const keys = await redis.keys(`${t.config.redis.keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  /** Each call comes from another client IP, as the trusted proxy reports it. */
  const post = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: { 'x-forwarded-for': `198.51.100.${(request++ % 250) + 1}` },
    });
  const statuses = async (calls: Array<() => Promise<LightMyRequestResponse>>) => {
    const result: number[] = [];
    for (const call of calls) result.push((await call()).statusCode);
    return result;
  };
  const expectLimited = (res: LightMyRequestResponse, limit: number) => {
    expectProblem(res, 429, 'rate_limited');
    const retryAfter = String(res.headers['retry-after']);
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(res.headers).toMatchObject({
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': retryAfter,
    });
  };
  const refusedBy = async (limit: string) => {
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    const line = new RegExp(`^auth_rate_limited_requests_total\\{limit="${limit}"\\} (\\d+)$`, 'm');
    return Number(line.exec(metrics.body)?.[1] ?? 0);
  };
  const redisKeys = () => redis.keys(`${t.config.redis.keyPrefix}*`);

  it('limits sign-in attempts per account, folding case, spacing and width variants of the email', async () => {
    const email = uniqueEmail();
    const variants = [email.toUpperCase(), `  ${email} `, `\uFF35${email.slice(1)}`];
    const wrong = (address: string) => () =>
      post('/v1/login', { email: address, password: 'not the password' });

    expect(await statuses(variants.map(wrong))).toEqual([401, 401, 401]);
    expectLimited(await post('/v1/login', { email, password: 'not the password' }), 3);
    expect(await refusedBy('login_account')).toBeGreaterThanOrEqual(1);

    expect(await statuses([wrong(uniqueEmail())])).toEqual([401]);
    // Without a usable email the limit does not apply; validation answers.
    expect(await statuses([() => post('/v1/login', { password: 'x'.repeat(10) })])).toEqual([400]);
    expect(await statuses([() => post('/v1/login', { email: 42, password: 'x'.repeat(10) })])).toEqual([400]);

    const local = email.split('@')[0]!;
    expect((await redisKeys()).filter((key) => key.includes(local) || key.includes('@'))).toEqual([]);
  });

  it('limits code checks per address across OTP verify and password reset, folding phone formats', async () => {
    const digits = uniquePhone().slice(2);
    const formats = [
      `+1${digits}`,
      `+1 ${digits.slice(0, 3)} ${digits.slice(3)}`,
      `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
    ];
    const check = (phone: string) => () =>
      post('/v1/otp/verify', { channel: 'sms', purpose: 'login', phone, code: '000000' });

    expect(
      await statuses([
        check(formats[0]!),
        check(formats[1]!),
        () =>
          post('/v1/password/reset', {
            channel: 'sms',
            phone: formats[2],
            code: '000000',
            new_password: 'a new pass phrase 9',
          }),
      ]),
    ).toEqual([400, 400, 400]);
    expectLimited(await check(formats[2]!)(), 3);
    expect(await statuses([check(uniquePhone())])).toEqual([400]);

    const email = uniqueEmail();
    const checkEmail = (address: string) => () =>
      post('/v1/otp/verify', { channel: 'email', purpose: 'verify', email: address, code: '000000' });
    expect(
      await statuses([checkEmail(email), checkEmail(email.toUpperCase()), checkEmail(` ${email}`)]),
    ).toEqual([400, 400, 400]);
    expectLimited(await checkEmail(email)(), 3);

    const keys = await redisKeys();
    expect(keys.filter((key) => key.includes(digits) || key.includes(email.split('@')[0]!))).toEqual([]);
  });

  it('limits code sends per address, on top of the resend cooldown and the daily cap', async () => {
    const email = uniqueEmail();
    const send = (address: string) => () =>
      post('/v1/otp/send', { channel: 'email', purpose: 'login', email: address });

    expect(await statuses([send(email), send(email.toUpperCase())])).toEqual([202, 202]);
    expectLimited(await send(email)(), 2);
    expect(await statuses([send(uniqueEmail())])).toEqual([202]);
  });

  it('limits refreshes per session, refusing before the token is rotated', async () => {
    const { session } = await registerUser(t.app);
    const other = await registerUser(t.app);
    let token = session.refresh_token;
    for (let i = 0; i < 3; i++) {
      const res = await refresh(t.app, token);
      expect(res.statusCode).toBe(200);
      token = res.json().session.refresh_token as string;
    }

    expectLimited(await refresh(t.app, token), 3);

    const presented = await t.app
      .get(DataSource)
      .query<Array<{ rotated_at: Date | null; revoked_at: Date | null }>>(
        'SELECT rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = $1',
        [createHash('sha256').update(token).digest()],
      );
    expect(presented).toEqual([{ rotated_at: null, revoked_at: null }]);
    expect((await refresh(t.app, other.session.refresh_token)).statusCode).toBe(200);
    expect(await refusedBy('refresh_session')).toBeGreaterThanOrEqual(1);
  });
});
