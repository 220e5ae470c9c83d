import Redis from 'ioredis';
import { testConfig, testEnvironment } from '@app/core/testing';
import { closedPort } from './support/ports';
import { expectProblem } from './support/problem-assertions';
import { refresh, registerUser } from './support/accounts';
import { startTestApp, TestApp } from './support/test-app';

const LIMIT_3_PER_MINUTE = { RATE_LIMIT_GLOBAL: '3/60' };

async function ping(t: TestApp, forwardedFor?: string | Record<string, string>) {
  const headers =
    typeof forwardedFor === 'string' ? { 'x-forwarded-for': forwardedFor } : (forwardedFor ?? {});
  return t.app.inject({ method: 'GET', url: '/v1/probe/ping', headers });
}

/** Statuses of one ping per header set, in order. */
async function statusesWith(t: TestApp, headerSets: Array<Record<string, string>>): Promise<number[]> {
  const result: number[] = [];
  for (const headers of headerSets) result.push((await ping(t, headers)).statusCode);
  return result;
}

const FOUR = [1, 2, 3, 4];

async function statuses(t: TestApp, count: number, forwardedFor?: string): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await ping(t, forwardedFor)).statusCode);
  return result;
}

describe('Rate limits', () => {
  const redis = new Redis(testEnvironment().redisUrl, { lazyConnect: true });
  const apps: TestApp[] = [];
  const start = async (...args: Parameters<typeof startTestApp>) => {
    const t = await startTestApp(...args);
    apps.push(t);
    return t;
  };
  const keysUnder = async (prefix: string) => redis.keys(`${prefix}*`);

  beforeAll(async () => {
    await redis.connect();
  });

  afterEach(async () => {
    const closing = apps.splice(0);
    await Promise.all(closing.map((t) => t.close()));
    for (const prefix of new Set(closing.map((t) => t.config.redis.keyPrefix))) {
      const keys = await keysUnder(prefix);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('answers the request over the limit with 429 rate_limited and the RateLimit headers', async () => {
    const t = await start(LIMIT_3_PER_MINUTE);
    for (const remaining of [2, 1, 0]) {
      const res = await ping(t);
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-remaining']).toBe(String(remaining));
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    }

    const limited = await ping(t);
    expectProblem(limited, 429, 'rate_limited');
    const retryAfter = String(limited.headers['retry-after']);
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0' });
    expect(limited.headers['ratelimit-reset']).toMatch(/^\d+$/);
  });

  it('keeps the counters in Redis, shared by every instance with the same key prefix', async () => {
    const config = testConfig(LIMIT_3_PER_MINUTE);
    const first = await start({}, config);
    const second = await start({}, config);
    expect(await statuses(first, 2)).toEqual([200, 200]);
    expect(await statuses(second, 2)).toEqual([200, 429]);
    expect(await statuses(first, 1)).toEqual([429]);
    expect((await keysUnder(config.redis.keyPrefix)).length).toBeGreaterThan(0);
  });

  it('exempts health, metrics, docs, the JWKS and verify-token', async () => {
    const t = await start(LIMIT_3_PER_MINUTE);
    expect(await statuses(t, 4)).toEqual([200, 200, 200, 429]);
    const exempt: Array<[string, number]> = [
      ['/healthz', 200],
      ['/readyz', 200],
      ['/metrics', 200],
      ['/docs', 200],
      ['/docs-json', 200],
      ['/.well-known/jwks.json', 200],
      ['/v1/verify-token', 401],
    ];
    for (const [url, status] of exempt) {
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'GET', url });
        expect({ url, status: res.statusCode }).toEqual({ url, status });
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });

  it('applies no limit when RATE_LIMIT_ENABLED=false', async () => {
    const t = await start({ ...LIMIT_3_PER_MINUTE, RATE_LIMIT_ENABLED: 'false' });
    expect(await statuses(t, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await ping(t)).headers['ratelimit-limit']).toBeUndefined();
  });

  it('counts no refresh against its session when RATE_LIMIT_ENABLED=false', async () => {
    const t = await start({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_REFRESH_SESSION: '1/60' });
    const { session } = await registerUser(t.app);
    let token = session.refresh_token;
    for (let i = 0; i < 3; i++) {
      const res = await refresh(t.app, token);
      expect(res.statusCode).toBe(200);
      token = res.json().session.refresh_token as string;
    }
  });

  it('counts in memory when REDIS_URL is unset', async () => {
    const t = await start({ ...LIMIT_3_PER_MINUTE, REDIS_URL: undefined });
    expect(await statuses(t, 4)).toEqual([200, 200, 200, 429]);
    expect(await keysUnder(t.config.redis.keyPrefix)).toEqual([]);
  });

  it('counts in memory while Redis is unreachable', async () => {
    const t = await start({ ...LIMIT_3_PER_MINUTE, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    expect(await statuses(t, 4)).toEqual([200, 200, 200, 429]);
  });

  describe('client IP', () => {
    it('ignores X-Forwarded-For when TRUST_PROXY is unset', async () => {
      const t = await start(LIMIT_3_PER_MINUTE);
      const spoofed = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
      const results = [];
      for (const ip of spoofed) results.push((await ping(t, ip)).statusCode);
      expect(results).toEqual([200, 200, 200, 429]);
    });

    it.each([
      ['a hop count', '1'],
      ['a CIDR containing the proxy', '127.0.0.0/8, 10.0.0.0/8'],
    ])('limits the forwarded client when TRUST_PROXY is %s', async (_name, trustProxy) => {
      const t = await start({ ...LIMIT_3_PER_MINUTE, TRUST_PROXY: trustProxy });
      expect(await statuses(t, 4, '203.0.113.1')).toEqual([200, 200, 200, 429]);
      expect(await statuses(t, 1, '203.0.113.2')).toEqual([200]);
    });

    it.each([
      ['unset', undefined],
      ['a hop count', '1'],
      ['a CIDR containing the proxy', '127.0.0.0/8'],
    ])('ignores X-Real-IP and Forwarded when TRUST_PROXY is %s', async (_name, trustProxy) => {
      const t = await start({ ...LIMIT_3_PER_MINUTE, TRUST_PROXY: trustProxy });
      const spoofed = FOUR.map((i): Record<string, string> =>
        i % 2 === 0 ? { 'x-real-ip': `203.0.113.${i}` } : { forwarded: `for=203.0.113.${i};proto=https` },
      );
      expect(await statusesWith(t, spoofed)).toEqual([200, 200, 200, 429]);
    });

    it.each([
      ['a hop count', '1'],
      ['a CIDR list', '127.0.0.0/8, 10.0.0.0/8'],
    ])(
      'behind a proxy trusted by %s, counts the address the proxy saw, whatever the client prepends',
      async (_name, trustProxy) => {
        const t = await start({ ...LIMIT_3_PER_MINUTE, TRUST_PROXY: trustProxy });
        const spoofed = FOUR.map((i): Record<string, string> => ({
          'x-forwarded-for': `192.0.2.${i}, 10.1.1.${i}, 203.0.113.9`,
        }));
        expect(await statusesWith(t, spoofed)).toEqual([200, 200, 200, 429]);
        expect(await statuses(t, 1, '203.0.113.10')).toEqual([200]);
      },
    );
  });
});
