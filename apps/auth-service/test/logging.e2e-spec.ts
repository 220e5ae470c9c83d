import { startTestApp, TestApp } from './support/test-app';

const SECRETS = {
  password: 'Pa55word-secret-1',
  code: '918273',
  bearer: 'eyJhbGciOi.secret-access-token',
  cookie: 'sid=secret-cookie-value',
  refresh: 'secret-refresh-token-value',
  query: 'secret-query-token',
  queryCode: '564738',
};

describe('Request logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await t.close();
  });

  const requestLines = (requestId: string) =>
    t.logs.entries().filter((e) => e.request_id === requestId && (e.req as object | undefined) !== undefined);

  it('writes one JSON line per request carrying the response X-Request-Id', async () => {
    const echoed = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-me-1' },
    });
    const generated = await t.app.inject({ method: 'GET', url: '/v1/no-such-route' });

    for (const [res, url] of [
      [echoed, '/healthz'],
      [generated, '/v1/no-such-route'],
    ] as const) {
      const lines = requestLines(String(res.headers['x-request-id']));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        msg: 'request completed',
        req: { method: 'GET', url },
        res: { status: res.statusCode },
      });
    }
    expect(requestLines('trace-me-1')[0]).toMatchObject({ level: 30 });
  });

  it("gives the application's lines the request id, after the body is read and across awaits", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/probe/crash',
      payload: { email: 'ada@example.com', count: 1 },
    });
    expect(res.statusCode).toBe(500);
    const requestId = String(res.headers['x-request-id']);
    const failure = t.logs.entries().find((e) => e.msg === 'request failed' && e.request_id === requestId);
    expect(failure).toMatchObject({ level: 50, err: { message: expect.any(String) } });
    expect(requestLines(requestId)).toEqual([
      expect.objectContaining({ level: 50, res: { status: 500 }, duration_ms: expect.any(Number) }),
    ]);
  });

  it('writes no line for gateway calls to verify-token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/verify-token',
      headers: { 'x-request-id': 'gateway-call-1', authorization: 'Bearer not-a-token' },
    });
    expect(res.statusCode).toBe(401);
    expect(t.logs.entries().filter((e) => e.request_id === 'gateway-call-1')).toEqual([]);
  });

  it('logs no secret sent in bodies, headers or query strings', async () => {
    const headers = {
      authorization: `Bearer ${SECRETS.bearer}`,
      cookie: SECRETS.cookie,
      'content-type': 'application/json',
    };
    const query = `?access_token=${SECRETS.query}&code=${SECRETS.queryCode}`;
    const body = { email: 'ada@example.com', count: 1, password: SECRETS.password, code: SECRETS.code };
    const responses = await Promise.all([
      t.app.inject({ method: 'POST', url: `/v1/probe/echo${query}`, headers, payload: body }),
      t.app.inject({
        method: 'POST',
        url: `/v1/probe/echo${query}`,
        headers,
        payload: { ...body, refresh_token: SECRETS.refresh },
      }),
      t.app.inject({
        method: 'POST',
        url: `/v1/probe/echo${query}`,
        headers,
        payload: `{"password":"${SECRETS.password}"`,
      }),
      t.app.inject({ method: 'GET', url: `/v1/probe/crash${query}`, headers }),
      t.app.inject({ method: 'GET', url: `/v1/no-such-route${query}`, headers }),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 400, 400, 500, 404]);

    for (const res of responses) {
      const [line] = requestLines(String(res.headers['x-request-id']));
      expect(line?.req).toMatchObject({ url: expect.stringContaining('access_token=%5Bredacted%5D') });
    }
    const everything = t.logs.text();
    for (const secret of Object.values(SECRETS)) {
      expect(everything).not.toContain(secret);
    }
  });
});
