import { testEnvironment } from '@app/core/testing';
import { redisReadiness, until } from './support/polling';
import { expectNothingInternal } from './support/internals';
import { closedPort } from './support/ports';
import { expectProblem } from './support/problem-assertions';
import { RedisServer } from './support/redis-server';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

describe('Health and readiness', () => {
  const apps: TestApp[] = [];
  const start = async (...args: Parameters<typeof startTestApp>) => {
    const t = await startTestApp(...args);
    apps.push(t);
    return t;
  };

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  const get = (t: TestApp, url: string) => t.app.inject({ method: 'GET', url });

  it('is live and ready with Postgres and Redis up, naming both', async () => {
    const t = await start();
    const live = await get(t, '/healthz');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });

    const ready = await get(t, '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('reports the in-process stand-in when REDIS_URL is unset', async () => {
    const t = await start({ REDIS_URL: undefined });
    const ready = await get(t, '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ details: { redis: { status: 'up', mode: 'in-process' } } });
  });

  it('stays ready while Redis is unreachable and says redis is degraded', async () => {
    const t = await start({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    const ready = await get(t, '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      details: { postgres: { status: 'up' }, redis: { status: 'degraded', message: expect.any(String) } },
    });
    expect((await get(t, '/healthz')).statusCode).toBe(200);
    await expectNothingInternal(t.app);
  });

  describe('with a Redis of its own that fails after start', () => {
    let redis: RedisServer;

    beforeEach(async () => {
      redis = await RedisServer.start();
    });

    afterEach(async () => {
      redis.resume();
      await redis.stop();
    });

    const degraded = async (t: TestApp) => {
      await until(
        () => redisReadiness(t.app),
        (status) => status === 'degraded',
      );
      const ready = await get(t, '/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({
        status: 'degraded',
        info: { postgres: { status: 'up' }, redis: { status: 'degraded', message: expect.any(String) } },
        error: {},
        details: { postgres: { status: 'up' }, redis: { status: 'degraded', message: expect.any(String) } },
      });
    };

    it('says only that redis is degraded when the server is killed', async () => {
      const t = await start({ REDIS_URL: redis.url });
      expect((await get(t, '/readyz')).json().details.redis).toEqual({ status: 'up' });
      await redis.stop();
      await degraded(t);
      await expectNothingInternal(t.app);
    });

    it('says only that redis is degraded when the server hangs', async () => {
      const t = await start({ REDIS_URL: redis.url });
      redis.pause();
      await degraded(t);
      await expectNothingInternal(t.app);
    });
  });

  describe('with Postgres unreachable after start', () => {
    const database = new URL(testEnvironment().databaseUrl);
    const proxy = new TcpProxy(database.hostname, Number(database.port || 5432));
    let t: TestApp;

    beforeAll(async () => {
      const viaProxy = new URL(database);
      viaProxy.port = String(await proxy.open());
      t = await startTestApp({ DATABASE_URL: viaProxy.toString() });
    });

    afterAll(async () => {
      await t.close();
      await proxy.cut();
    });

    it('answers 503 on /readyz and service_unavailable on calls that need it, then recovers', async () => {
      expect((await get(t, '/v1/probe/database')).statusCode).toBe(200);
      await proxy.cut();

      const ready = await get(t, '/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'error',
        info: { redis: { status: 'up' } },
        error: { postgres: { status: 'down', message: 'postgres is not answering' } },
        details: {
          postgres: { status: 'down', message: 'postgres is not answering' },
          redis: { status: 'up' },
        },
      });
      expect((await get(t, '/healthz')).statusCode).toBe(200);
      await expectNothingInternal(t.app);

      const call = await get(t, '/v1/probe/database');
      const problem = expectProblem(call, 503, 'service_unavailable');
      expect(call.headers['retry-after']).toMatch(/^\d+$/);
      expect(call.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/);
      expect(problem.detail).toMatch(/unavailable/);

      await proxy.open();
      expect((await get(t, '/readyz')).statusCode).toBe(200);
      expect((await get(t, '/v1/probe/database')).json()).toEqual({ ok: true });
    });
  });
});
