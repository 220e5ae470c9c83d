import { bearer, login, refresh, registerUser } from './support/accounts';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /v1/user/activity', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it("pages the caller's own events, newest first, with an opaque cursor", async () => {
    const { email, password, session } = await registerUser(t.app);
    await login(t.app, email, 'a wrong password');
    const second = (await login(t.app, email, password)).json().session;
    await refresh(t.app, second.refresh_token);
    await registerUser(t.app);

    const page = (query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/v1/user/activity${query}`,
        headers: bearer(session.access_token),
      });
    const first = await page('?limit=2');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['token.refreshed', 'login.succeeded']);
    expect(body.events[0]).toEqual({
      id: expect.any(String),
      type: 'token.refreshed',
      ip: '127.0.0.1',
      user_agent: 'lightMyRequest',
      created_at: expect.stringMatching(/Z$/),
      metadata: expect.any(Object),
    });
    expect(body.next_cursor).toEqual(expect.any(String));

    const rest = (await page(`?limit=100&cursor=${encodeURIComponent(body.next_cursor)}`)).json();
    expect(rest.events.map((e: { type: string }) => e.type)).toEqual(['login.failed', 'user.registered']);
    expect(rest.next_cursor).toBeNull();
    expect(JSON.stringify([body, rest])).not.toContain(password);
  });

  it('validates limit and cursor', async () => {
    const { session } = await registerUser(t.app);
    for (const query of [
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?cursor=%%%',
      '?cursor=bm90LWEtY3Vyc29y',
      '?other=1',
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/user/activity${query}`,
        headers: bearer(session.access_token),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('needs a valid token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/user/activity' })).statusCode).toBe(401);
  });
});
