import { expectProblem, expectUuid } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

const ALLOWED_ORIGIN = 'https://app.example.com';

describe('HTTP headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.com` });
  });

  afterAll(async () => {
    await t.close();
  });

  it('sends the security headers on successes and errors', async () => {
    for (const url of ['/healthz', '/v1/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  describe('X-Request-Id', () => {
    const get = (url: string, requestId?: string) =>
      t.app.inject({ method: 'GET', url, headers: requestId ? { 'x-request-id': requestId } : {} });

    it('echoes a sane request id, on successes and errors', async () => {
      for (const id of ['req-1', 'a1B2.c3_d4:e5@f6-7', 'x'.repeat(128)]) {
        expect((await get('/healthz', id)).headers['x-request-id']).toBe(id);
      }
      const problem = expectProblem(await get('/v1/no-such-route', 'trace-404'), 404, 'not_found');
      expect(problem.request_id).toBe('trace-404');
    });

    it.each([
      ['too long', 'x'.repeat(129)],
      ['spaces', 'abc def'],
      ['markup', '<script>alert(1)</script>'],
      ['a newline escape', 'abc%0d%0aSet-Cookie:x'],
      ['non-ASCII', 'réquest'],
    ])('replaces a request id with %s by a new one', async (_name, id) => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': Buffer.from(id, 'utf8').toString('latin1') },
      });
      expectUuid(res.headers['x-request-id']);
    });

    it('generates one when none is sent, also for a body refused before any handler runs', async () => {
      expectUuid((await get('/healthz')).headers['x-request-id']);
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/v1/probe/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{',
      });
      expectUuid(expectProblem(malformed, 400, 'bad_request').request_id);
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/v1/probe/echo',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });

    it('lets an origin of CORS_ORIGINS read responses and the contract headers', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/probe/ping',
        headers: { origin: ALLOWED_ORIGIN },
      });
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers.vary).toMatch(/Origin/);
      const exposed = String(res.headers['access-control-expose-headers']).split(/,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['X-Request-Id', 'Retry-After', 'RateLimit-Remaining']));
    });

    it('gives other origins no Access-Control-Allow-Origin', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/probe/ping',
        headers: { origin: 'https://evil.example.com' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers a preflight from an allowed origin', async () => {
      const res = await preflight('https://admin.example.com');
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://admin.example.com');
      expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
      expect(String(res.headers['access-control-allow-headers'])).toMatch(
        /Content-Type.*Authorization|Authorization.*Content-Type/,
      );
      expectUuid(res.headers['x-request-id']);
    });

    it('does not approve a preflight from another origin', async () => {
      const res = await preflight('https://evil.example.com');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows no origin at all when CORS_ORIGINS is unset', async () => {
      const closed = await startTestApp();
      try {
        const res = await closed.app.inject({
          method: 'GET',
          url: '/v1/probe/ping',
          headers: { origin: ALLOWED_ORIGIN },
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        const pre = await closed.app.inject({
          method: 'OPTIONS',
          url: '/v1/probe/echo',
          headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' },
        });
        expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await closed.close();
      }
    });
  });
});
