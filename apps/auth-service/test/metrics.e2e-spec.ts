import type { HTTPMethods } from 'fastify';
import { login, refresh, registerUser, verifyToken } from './support/accounts';
import { sendOtp } from './support/otp';
import { expectProblem } from './support/problem-assertions';
import { lintMetrics } from './support/prometheus-lint';
import { startTestApp, TestApp } from './support/test-app';

/** The `http_request_duration_seconds_count` sample lines of a scrape. */
function durationCounts(scrape: string): string[] {
  return scrape.split('\n').filter((line) => line.startsWith('http_request_duration_seconds_count{'));
}

describe('/metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });

    afterAll(async () => {
      await t.close();
    });

    it('serves Prometheus text with the process metrics', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.headers['cache-control']).toBe('no-store');
      for (const metric of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
      ]) {
        expect(res.body).toMatch(new RegExp(`^# TYPE ${metric} `, 'm'));
      }
      expect(res.body).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    });

    it('labels request durations by route template, method and status, never by raw URL', async () => {
      await t.app.inject({ method: 'GET', url: '/healthz' });
      await t.app.inject({ method: 'GET', url: '/v1/probe/items/user-8f14e45f-secret-id' });
      await t.app.inject({ method: 'GET', url: '/v1/probe/items/another-id?token=abc' });
      await t.app.inject({ method: 'GET', url: '/v1/unknown/some-id-123' });
      await t.app.inject({ method: 'POST', url: '/v1/probe/echo', payload: { email: 'bad' } });
      const scrape = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;

      const counts = durationCounts(scrape);
      expect(counts).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\} \d+$/,
          ),
          'http_request_duration_seconds_count{route="/v1/probe/items/:id",method="GET",status="200"} 2',
          expect.stringMatching(/\{route="unmatched",method="GET",status="404"\} \d+$/),
          expect.stringMatching(/\{route="\/v1\/probe\/echo",method="POST",status="400"\} \d+$/),
        ]),
      );
      expect(scrape).toMatch(
        /^http_request_duration_seconds_bucket\{le="0\.005",route="\/healthz",method="GET",status="200"\} \d+$/m,
      );
      for (const raw of ['user-8f14e45f-secret-id', 'another-id', 'token=abc', 'some-id-123']) {
        expect(scrape).not.toContain(raw);
      }
    });
  });

  describe('as promtool check metrics sees it', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });

    afterAll(async () => {
      await t.close();
    });

    const METHODS: HTTPMethods[] = ['GET', 'POST', 'DELETE', 'PATCH', 'PUT'];
    const isRouteTemplate = (url: string) =>
      METHODS.some((method) => t.app.getHttpAdapter().getInstance().hasRoute({ method, url }));

    it('passes the lint rules over the whole output, after traffic that fills every label', async () => {
      const { email, password, session } = await registerUser(t.app);
      await login(t.app, email, password);
      await login(t.app, email, 'a wrong password');
      await refresh(t.app, session.refresh_token);
      await refresh(t.app, 'not-a-token');
      await verifyToken(t.app, session.access_token);
      await sendOtp(t.app, { channel: 'email', purpose: 'verify', email });
      await t.app.inject({ method: 'DELETE', url: `/v1/user/sessions/${session.session_id}` });
      await t.app.inject({ method: 'GET', url: '/v1/probe/items/ada@example.com?token=abc' });
      await t.app.inject({ method: 'GET', url: '/v1/no/such/route/4242424242' });

      const scrape = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;

      expect(lintMetrics(scrape, { isRouteTemplate })).toEqual([]);
      expect(scrape).toMatch(/^# TYPE nodejs_active_handles gauge$/m);
      expect(scrape).not.toMatch(/^nodejs_active_\w+_total/m);
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = 'metrics-scrape-token-0123456789';
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN: token });
    });

    afterAll(async () => {
      await t.close();
    });

    it.each([
      ['no Authorization header', undefined],
      ['a wrong bearer token', `Bearer ${token}x`],
      ['the token without the Bearer scheme', token],
      ['another scheme', `Basic ${Buffer.from(`x:${token}`).toString('base64')}`],
    ])('answers 401 with %s', async (_name, authorization) => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expectProblem(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).not.toContain('process_cpu');
    });

    it('serves the metrics with the bearer token', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('process_cpu_user_seconds_total');
    });
  });
});
