import { bearer, registerUser } from './support/accounts';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';
import { AdminProbeModule } from './fixtures/admin-probe.module';

const OPS_KEY = 'ops-key-'.padEnd(40, '7');
const CI_KEY = 'ci-key-'.padEnd(44, 'q');

describe('admin API keys', () => {
  describe('with ADMIN_API_KEYS', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp(
        {
          ADMIN_API_KEYS: `ops:${OPS_KEY},ci:${CI_KEY}`,
          RATE_LIMIT_ADMIN: '5/60',
          RATE_LIMIT_GLOBAL: '2/60',
        },
        undefined,
        { extraModules: [AdminProbeModule] },
      );
    });

    afterAll(async () => {
      await t.close();
    });

    const actor = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: '/admin/v1/probe/actor', headers });

    it('serves /admin/v1 outside the /v1 prefix and names the key that called', async () => {
      const res = await actor(bearer(OPS_KEY));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ name: 'ops' });
      expect((await actor(bearer(CI_KEY))).json()).toEqual({ name: 'ci' });
      expect(
        (await t.app.inject({ method: 'GET', url: '/v1/admin/v1/probe/actor', headers: bearer(OPS_KEY) }))
          .statusCode,
      ).toBe(404);
    });

    it('answers 401 unauthorized for a missing key, a wrong key and a user access token', async () => {
      const { session } = await registerUser(t.app);
      for (const headers of [
        {},
        bearer(`${OPS_KEY}0`),
        bearer(session.access_token),
        { authorization: OPS_KEY },
      ]) {
        const res = await actor(headers);
        expectProblem(res, 401, 'unauthorized');
        expect(res.headers['www-authenticate']).toBe('Bearer realm="admin"');
      }
    });

    it('never accepts an admin key on /v1 routes', async () => {
      expectProblem(
        await t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(OPS_KEY) }),
        401,
        'unauthorized',
      );
    });

    it('checks the key before the body, and refuses unknown fields', async () => {
      const echo = (headers: Record<string, string>, payload: unknown) =>
        t.app.inject({ method: 'POST', url: '/admin/v1/probe/echo', headers, payload: payload as object });
      expectProblem(await echo({}, { note: 1 }), 401, 'unauthorized');
      expectProblem(await echo(bearer(CI_KEY), { note: 'x', role: 'owner' }), 400, 'validation_failed');
      expect((await echo(bearer(CI_KEY), { note: 'hello' })).json()).toEqual({ note: 'hello', actor: 'ci' });
    });

    it('limits each key on its own, and not by the per-IP limits of end users', async () => {
      const key = 'burst-'.padEnd(40, 'z');
      const own = await startTestApp(
        {
          ADMIN_API_KEYS: `ops:${OPS_KEY},burst:${key}`,
          RATE_LIMIT_ADMIN: '3/60',
          RATE_LIMIT_GLOBAL: '1/60',
        },
        undefined,
        { extraModules: [AdminProbeModule] },
      );
      try {
        const call = (k: string) =>
          own.app.inject({ method: 'GET', url: '/admin/v1/probe/actor', headers: bearer(k) });
        for (let i = 0; i < 3; i++) expect((await call(key)).statusCode).toBe(200);
        const limited = expectProblem(await call(key), 429, 'rate_limited');
        expect(limited).toBeDefined();
        expect((await call(OPS_KEY)).statusCode).toBe(200);
      } finally {
        await own.close();
      }
    });
  });

  describe('without ADMIN_API_KEYS', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ ADMIN_API_KEYS: undefined }, undefined, { extraModules: [AdminProbeModule] });
    });

    afterAll(async () => {
      await t.close();
    });

    it.each([
      ['GET', '/admin/v1/probe/actor'],
      ['POST', '/admin/v1/probe/echo'],
      ['DELETE', '/admin/v1/probe/actor'],
      ['GET', '/admin/v1/nothing-here'],
      ['PUT', '/admin/'],
    ])('answers 404 to %s %s, whatever the key', async (method, url) => {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { ...bearer(OPS_KEY), 'content-type': 'text/plain' },
        payload: 'not json',
      });
      expectProblem(res, 404, 'not_found');
    });
  });
});
