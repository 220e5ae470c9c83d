import { startTestApp, TestApp } from './test-app';

describe('HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/no-such-route' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: expect.any(String),
      code: 'not_found',
      request_id: res.headers['x-request-id'],
    });
  });
});
