import Redis from 'ioredis';
import type { AppConfig } from '@app/core';
import { testConfig } from '@app/core/testing';
import { login, logout, refresh, registerUser, uniqueEmail, verifyToken } from './support/accounts';
import { sendOtp, verifyOtp } from './support/otp';
import { dependencyUp, redisReadiness, until } from './support/polling';
import { RedisServer } from './support/redis-server';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

/*
 * Two instances on a Redis server of this file's own, which the tests kill, restart (empty) and
 * freeze, to check the degraded mode: requests keep being served in bounded time, limits count
 * per instance, revocation is read from Postgres, OTP sending refuses, the lock holds; and when
 * Redis returns everything goes back to normal, revocations made meanwhile included.
 */
describe('Redis outage', () => {
  let server: RedisServer;
  let config: AppConfig;
  let a: TestApp;
  let b: TestApp;
  let inspector: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    config = testConfig({ REDIS_URL: server.url, RATE_LIMIT_OTP_VERIFY_DESTINATION: '3/60' });
    a = await startTestApp({}, config);
    b = await startTestApp({}, config);
    inspector = new Redis(server.url, { keyPrefix: config.redis.keyPrefix, maxRetriesPerRequest: 0 });
    inspector.on('error', () => undefined);
  });

  // A failed test must not leave the next one without Redis.
  afterEach(() => server.restore());

  afterAll(async () => {
    inspector?.disconnect();
    await Promise.all([a?.close(), b?.close()]);
    await server?.stop();
  });

  const revocationInRedis = (sessionId: string) =>
    inspector.exists(`revoked-session:${sessionId}`).then(
      (found) => found === 1,
      () => false,
    );
  const messagesOf = (t: TestApp) => t.logs.entries().map((entry) => String(entry.msg));
  // In-process instances share the process's logger, so their lines are counted together.
  const linesOf = (pattern: RegExp) => [...messagesOf(a), ...messagesOf(b)].filter((m) => pattern.test(m));
  const bothReport = async (status: string) => {
    for (const t of [a, b])
      await until(
        () => redisReadiness(t.app),
        (s) => s === status,
      );
  };

  it('serves degraded while Redis is down, then recovers by itself and honours revocations made meanwhile', async () => {
    const before = await registerUser(a.app);
    await logout(a.app, before.session.access_token);
    const user = await registerUser(a.app);
    const downLinesBefore = linesOf(/^redis down \(/).length;

    await server.stop();
    await bothReport('degraded');

    const ready = await a.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      details: { postgres: { status: 'up' }, redis: { status: 'degraded' } },
    });
    expect(await dependencyUp(a.app, 'redis')).toBe(0);
    expect(linesOf(/^redis down \(/).length - downLinesBefore).toBe(2);

    // Revocation is read from Postgres: a logout on A is refused by B at once.
    expect((await verifyToken(b.app, user.session.access_token)).statusCode).toBe(200);
    const fresh = await login(a.app, user.email, user.password);
    expect(fresh.statusCode).toBe(200);
    expect((await refresh(b.app, fresh.json().session.refresh_token)).statusCode).toBe(200);
    expect((await logout(a.app, user.session.access_token)).statusCode).toBe(204);
    expect((await verifyToken(b.app, user.session.access_token)).statusCode).toBe(401);

    // Sending codes refuses; limits count per instance in memory.
    expectProblem(
      await sendOtp(a.app, { channel: 'email', purpose: 'login', email: user.email }),
      503,
      'service_unavailable',
    );
    const destination = { channel: 'email', purpose: 'login', email: uniqueEmail(), code: '000000' };
    const onA = [];
    for (let i = 0; i < 4; i++) onA.push((await verifyOtp(a.app, destination)).statusCode);
    expect(onA).toEqual([400, 400, 400, 429]);
    expect((await verifyOtp(b.app, destination)).statusCode).toBe(400);

    // The account lock lives in Postgres: failures on A lock the account on B too.
    const locked = await registerUser(a.app);
    for (let i = 0; i < 5; i++)
      expect((await login(a.app, locked.email, 'wrong password!')).statusCode).toBe(401);
    expectProblem(await login(b.app, locked.email, locked.password), 429, 'rate_limited');

    await server.start();
    await bothReport('up');

    expect(await dependencyUp(a.app, 'redis')).toBe(1);
    expect(linesOf(/^redis back: leaving degraded mode$/)).toHaveLength(2);
    expect(linesOf(/^redis down \(/).length - downLinesBefore).toBe(2);
    // The restarted Redis was empty: revocations from before and during the outage are back in it.
    await until(() => revocationInRedis(user.session.session_id), Boolean);
    expect(await revocationInRedis(before.session.session_id)).toBe(true);
    for (const t of [a, b]) {
      expect((await verifyToken(t.app, user.session.access_token)).statusCode).toBe(401);
      expect((await verifyToken(t.app, before.session.access_token)).statusCode).toBe(401);
      expect((await verifyToken(t.app, fresh.json().session.access_token)).statusCode).toBe(200);
    }
    expect(
      (await sendOtp(a.app, { channel: 'email', purpose: 'login', email: uniqueEmail() })).statusCode,
    ).toBe(202);
  });

  it('answers in bounded time while Redis hangs, then recovers and honours revocations made meanwhile', async () => {
    const user = await registerUser(a.app);
    const other = await registerUser(a.app);
    await bothReport('up');

    server.pause();
    // Every call completes (the test's timeout bounds them), each Redis command being bounded.
    expect((await verifyToken(b.app, user.session.access_token)).statusCode).toBe(200);
    await bothReport('degraded');
    expect(await dependencyUp(b.app, 'redis')).toBe(0);
    expect((await login(a.app, other.email, other.password)).statusCode).toBe(200);
    expect((await refresh(b.app, other.session.refresh_token)).statusCode).toBe(200);
    expectProblem(
      await sendOtp(b.app, { channel: 'email', purpose: 'login', email: uniqueEmail() }),
      503,
      'service_unavailable',
    );
    expect((await logout(a.app, user.session.access_token)).statusCode).toBe(204);
    expect((await verifyToken(b.app, user.session.access_token)).statusCode).toBe(401);
    server.resume();

    await bothReport('up');
    await until(() => revocationInRedis(user.session.session_id), Boolean);
    for (const t of [a, b])
      expect((await verifyToken(t.app, user.session.access_token)).statusCode).toBe(401);
    expect((await verifyToken(b.app, other.session.access_token)).statusCode).toBe(200);
  });

  it('answers revocations from memory again once Redis is back', async () => {
    await server.stop();
    await bothReport('degraded');
    await server.start();
    await bothReport('up');

    const user = await registerUser(a.app);
    expect((await logout(a.app, user.session.access_token)).statusCode).toBe(204);
    await until(() => revocationInRedis(user.session.session_id), Boolean);
    await inspector.del(`revoked-session:${user.session.session_id}`);
    // Without its key, only an instance that keeps revocations in memory still refuses the token.
    for (const t of [a, b])
      await until(
        () => verifyToken(t.app, user.session.access_token).then((res) => res.statusCode),
        (status) => status === 401,
      );
  });
});
