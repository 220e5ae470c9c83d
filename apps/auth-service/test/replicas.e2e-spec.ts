import Redis from 'ioredis';
import { generateKeyPairSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/core';
import { testConfig } from '@app/core/testing';
import { bearer, login, logout, refresh, registerUser, verifyToken } from './support/accounts';
import { expectProblem } from './support/problem-assertions';
import { refusedWithin } from './support/polling';
import { startTestApp, TestApp } from './support/test-app';

const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/*
 * Two instances on the same Postgres and Redis, configured alike (one signing key, one master
 * key), as replicas behind a gateway are: they must behave as one service. (That two replicas
 * starting together migrate once is in migrate-on-start.e2e-spec.ts.)
 */
describe('two replicas', () => {
  let config: AppConfig;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    config = testConfig({
      JWT_PRIVATE_KEY: SIGNING_KEY.replace(/\n/g, '\\n'),
      MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      RATE_LIMIT_LOGIN_ACCOUNT: '7/60',
    });
    [a, b] = await Promise.all([startTestApp({}, config), startTestApp({}, config)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('refuses on one, within 100 ms, a token logged out on the other', async () => {
    const users = await Promise.all([registerUser(a.app), registerUser(b.app)]);
    for (const { session } of users) {
      expect((await verifyToken(a.app, session.access_token)).statusCode).toBe(200);
      expect((await verifyToken(b.app, session.access_token)).statusCode).toBe(200);
    }

    expect((await logout(a.app, users[0].session.access_token)).statusCode).toBe(204);
    expect(await refusedWithin(b.app, users[0].session.access_token, 100)).toBeLessThan(100);
    expect((await logout(b.app, users[1].session.access_token)).statusCode).toBe(204);
    expect(await refusedWithin(a.app, users[1].session.access_token, 100)).toBeLessThan(100);
  });

  it('keeps announced revocations in memory: refused without asking Redis', async () => {
    const { session } = await registerUser(a.app);
    expect((await logout(a.app, session.access_token)).statusCode).toBe(204);
    expect(await refusedWithin(b.app, session.access_token, 100)).toBeLessThan(100);

    const redis = new Redis(config.redis.url!, { keyPrefix: config.redis.keyPrefix });
    try {
      expect(await redis.del(`revoked-session:${session.session_id}`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    for (const t of [a, b]) expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
  });

  it('refuses on an instance started later a token revoked before it started', async () => {
    const { session } = await registerUser(a.app);
    expect((await logout(a.app, session.access_token)).statusCode).toBe(204);

    const c = await startTestApp({}, config);
    try {
      expect(await refusedWithin(c.app, session.access_token, 1000)).toBeLessThan(1000);
    } finally {
      await c.close();
    }
  });

  it('accepts on one a token issued by the other, and refuses it there after logout', async () => {
    const { session } = await registerUser(a.app);

    expect((await verifyToken(b.app, session.access_token)).statusCode).toBe(200);
    const me = await b.app.inject({
      method: 'GET',
      url: '/v1/user/me',
      headers: bearer(session.access_token),
    });
    expect(me.statusCode).toBe(200);

    expect((await logout(a.app, session.access_token)).statusCode).toBe(204);
    expect(await refusedWithin(b.app, session.access_token, 100)).toBeLessThan(100);
  });

  it('counts the per-account limit across both', async () => {
    const user = await registerUser(a.app);
    const statuses = [];
    // Successful sign-ins, so that the account lock stays out of the way.
    for (let i = 0; i < 7; i++)
      statuses.push((await login((i % 2 === 0 ? a : b).app, user.email, user.password)).statusCode);

    expect(statuses).toEqual(Array(7).fill(200));
    const limited = await login(b.app, user.email, user.password);
    expectProblem(limited, 429, 'rate_limited');
    expect(limited.headers).toMatchObject({ 'ratelimit-limit': '7', 'ratelimit-remaining': '0' });
  });

  it('counts the account lock across both', async () => {
    const user = await registerUser(a.app);
    const fails = [];
    for (const t of [a, b, a, b, a])
      fails.push((await login(t.app, user.email, 'wrong password!')).statusCode);

    expect(fails).toEqual([401, 401, 401, 401, 401]);
    const locked = await login(b.app, user.email, user.password);
    expectProblem(locked, 429, 'rate_limited');
    // Refused by the lock, not by the per-account limit, which has a hit left.
    expect(locked.headers).toMatchObject({ 'ratelimit-limit': '7', 'ratelimit-remaining': '1' });
  });

  it('never forks a session under 20 concurrent refreshes split across both', async () => {
    const { session } = await registerUser(a.app);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => refresh((i % 2 === 0 ? a : b).app, session.refresh_token)),
    );

    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.json().session.refresh_token as string)).size).toBe(1);
    const [live] = await a.app.get(DataSource).query<Array<{ live: number }>>(
      `SELECT count(*)::int AS live FROM refresh_tokens
          WHERE session_id = $1 AND rotated_at IS NULL AND revoked_at IS NULL`,
      [session.session_id],
    );
    expect(live).toEqual({ live: 1 });
  });
});
