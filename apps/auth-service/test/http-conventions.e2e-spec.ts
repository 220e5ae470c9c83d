import { connect } from 'node:net';
import { CRASH_MESSAGE } from './fixtures/probe.module';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

const JSON_HEADERS = { 'content-type': 'application/json' };
const VALID = { email: 'ada@example.com', count: 1 };

/** A JSON object of exactly `bytes` bytes, valid apart from one unknown field. */
function jsonOfSize(bytes: number): string {
  const skeleton = JSON.stringify({ ...VALID, pad: '' });
  return JSON.stringify({ ...VALID, pad: 'x'.repeat(bytes - skeleton.length) });
}

describe('HTTP conventions: bodies, routes and errors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (payload: string | object, headers: Record<string, string> = JSON_HEADERS) =>
    t.app.inject({ method: 'POST', url: '/v1/probe/echo', headers, payload });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/no-such-route' });
    expect(expectProblem(res, 404, 'not_found').title).toBe('Not found');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/healthz' });
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD');

    const put = await t.app.inject({ method: 'PUT', url: '/v1/probe/items/42' });
    expectProblem(put, 405, 'method_not_allowed');
    expect(put.headers.allow).toBe('GET, HEAD');
  });

  it('accepts a valid JSON body, charset parameter included', async () => {
    const res = await post(JSON.stringify(VALID), { 'content-type': 'application/json; charset=utf-8' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: VALID });
  });

  it('says a malformed JSON body is not valid JSON', async () => {
    const problem = expectProblem(await post('{"email": "ada@example.com",'), 400, 'bad_request');
    expect(problem.detail).toBe('The body is not valid JSON.');
  });

  it('refuses an empty body sent as application/json', async () => {
    const problem = expectProblem(await post(''), 400, 'bad_request');
    expect(problem.detail).toMatch(/body is empty/);
  });

  it.each(['[1, 2]', '"text"', '42', 'null'])(
    'refuses the JSON value %s where an object is expected',
    async (body) => {
      const problem = expectProblem(await post(body), 400, 'bad_request');
      expect(problem.detail).toBe('The body must be a JSON object.');
    },
  );

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['no content type', {}],
  ])('answers a JSON body sent as %s with 415', async (_name, headers: Record<string, string>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/probe/echo',
      headers,
      payload: Buffer.from(JSON.stringify(VALID)),
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('reads bodies up to 16 KiB and answers larger ones with 413', async () => {
    expectProblem(await post(jsonOfSize(16 * 1024)), 400, 'validation_failed');
    expectProblem(await post(jsonOfSize(16 * 1024 + 1)), 413, 'payload_too_large');
  });

  it.each([
    ['__proto__', '{"email":"ada@example.com","count":1,"__proto__":{"is_admin":true}}'],
    ['nested __proto__', '{"email":"ada@example.com","count":1,"display_name":{"__proto__":{"x":1}}}'],
    ['constructor.prototype', '{"email":"ada@example.com","count":1,"constructor":{"prototype":{"x":1}}}'],
  ])('refuses a %s payload', async (_name, body) => {
    const problem = expectProblem(await post(body), 400, 'bad_request');
    expect(problem.detail).toMatch(/forbidden key/);
    expect(({} as Record<string, unknown>).is_admin).toBeUndefined();
  });

  it('refuses unknown fields with validation_failed naming the field', async () => {
    const problem = expectProblem(await post({ ...VALID, role: 'admin' }), 400, 'validation_failed');
    expect(problem.errors).toEqual([{ field: 'role', message: expect.stringContaining('role') }]);
  });

  it('refuses wrong types with one entry per field', async () => {
    const problem = expectProblem(await post({ email: 42, count: '3' }), 400, 'validation_failed');
    const fields = new Set(problem.errors?.map((e) => e.field));
    expect(fields).toEqual(new Set(['email', 'count']));
    for (const error of problem.errors ?? []) expect(error.message).toEqual(expect.any(String));
  });

  it('lists every missing required field', async () => {
    const problem = expectProblem(await post({}), 400, 'validation_failed');
    expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set(['email', 'count']));
  });

  it('hides an unexpected exception behind 500 internal_error and logs it with the request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/probe/crash' });
    const problem = expectProblem(res, 500, 'internal_error');
    expect(res.body).not.toContain('secret_internal_table');
    expect(res.body).not.toContain('internal.ts');
    expect(res.body).not.toMatch(/\bat \w+/);
    expect(problem.detail).toBe('An unexpected error occurred.');

    const logged = t.logs
      .entries()
      .find((e) => e.msg === 'request failed' && e.request_id === problem.request_id);
    expect(logged?.err).toEqual(
      expect.objectContaining({ message: CRASH_MESSAGE, stack: expect.any(String) }),
    );
  });

  it('answers URLs the router cannot read with problem+json', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/probe/items/%E0%A4%A' }), 400, 'bad_request');
    const long = await t.app.inject({ method: 'GET', url: `/v1/probe/items/${'x'.repeat(300)}` });
    expectProblem(long, 414, 'uri_too_long');
  });

  it('answers requests that are not even HTTP with problem+json', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as { port: number };
    const exchange = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let response = '';
        socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
        socket.on('end', () => resolve(response));
        socket.on('error', reject);
      });

    const garbage = await exchange('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1]!)).toMatchObject({ status: 400, code: 'bad_request' });

    const hugeHeaders = await exchange(
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(hugeHeaders).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(hugeHeaders.split('\r\n\r\n')[1]!)).toMatchObject({
      status: 431,
      code: 'request_header_fields_too_large',
    });
  });
});
