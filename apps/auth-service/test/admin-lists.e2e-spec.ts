import { randomUUID } from 'node:crypto';
import { bearer, login, registerUser, uniquePhone } from './support/accounts';
import { admin, ADMIN_KEY, ADMIN_KEYS_ENV } from './support/admin';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

/** Every admin route, with an id where it takes one. */
const ADMIN_ROUTES: Array<['GET' | 'POST' | 'PATCH' | 'DELETE', string]> = [
  ['GET', '/users'],
  ['POST', '/users'],
  ['GET', '/users/{id}'],
  ['PATCH', '/users/{id}'],
  ['DELETE', '/users/{id}'],
  ['GET', '/users/{id}/sessions'],
  ['DELETE', '/users/{id}/sessions'],
  ['DELETE', '/users/{id}/factors'],
  ['GET', '/audit'],
  ['GET', '/webhooks/deliveries'],
  ['POST', '/webhooks/deliveries/{id}/retry'],
];

describe('admin API: lists, audit and keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(ADMIN_KEYS_ENV);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('every route wants an admin key', () => {
    let userToken: string;
    let userId: string;

    beforeAll(async () => {
      const account = await registerUser(t.app);
      userToken = account.session.access_token;
      userId = account.userId;
    });

    it.each(ADMIN_ROUTES)('%s %s: 401 for no key, a wrong key, a user access token', async (method, path) => {
      const url = path.replace('{id}', userId);
      const payload = method === 'POST' || method === 'PATCH' ? { display_name: 'x' } : undefined;
      for (const headers of [{}, bearer(`${ADMIN_KEY}x`), bearer(ADMIN_KEY.slice(1)), bearer(userToken)]) {
        const res = await admin(t.app, method, url, payload, headers);
        expectProblem(res, 401, 'unauthorized');
      }
      expect((await admin(t.app, 'GET', `/users/${userId}`)).json()).toMatchObject({
        id: userId,
        display_name: null,
      });
    });
  });

  describe('GET /admin/v1/users', () => {
    const tag = randomUUID().slice(0, 8);
    const emails: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 5; i++)
        emails.push((await registerUser(t.app, { email: `${tag}-${i}@example.test` })).email);
    });

    it('finds by email prefix, case-insensitively, newest first', async () => {
      const res = await admin(t.app, 'GET', `/users?query=${tag.toUpperCase()}-`);
      expect(res.statusCode).toBe(200);
      expect(res.json().users.map((u: { email: string }) => u.email)).toEqual([...emails].reverse());
      expect(res.json().next_cursor).toBeNull();
    });

    it('finds by exact id and exact phone; LIKE wildcards match themselves', async () => {
      const phone = uniquePhone();
      const { userId } = await registerUser(t.app, { phone });
      expect(
        (await admin(t.app, 'GET', `/users?query=${userId}`)).json().users.map((u: { id: string }) => u.id),
      ).toEqual([userId]);
      expect(
        (await admin(t.app, 'GET', `/users?query=${encodeURIComponent(phone)}`))
          .json()
          .users.map((u: { id: string }) => u.id),
      ).toEqual([userId]);
      expect((await admin(t.app, 'GET', `/users?query=${encodeURIComponent('%')}`)).json().users).toEqual([]);
      expect((await admin(t.app, 'GET', `/users?query=${tag}_`)).json().users).toEqual([]);
    });

    it('filters on disabled', async () => {
      const { userId } = await registerUser(t.app, { email: `${tag}-disabled@example.test` });
      await admin(t.app, 'PATCH', `/users/${userId}`, { disabled: true });
      const disabled = (await admin(t.app, 'GET', `/users?query=${tag}-&disabled=true`)).json().users;
      expect(disabled.map((u: { id: string }) => u.id)).toEqual([userId]);
      const enabled = (await admin(t.app, 'GET', `/users?query=${tag}-&disabled=false`)).json().users;
      expect(enabled).toHaveLength(5);
    });

    it('pages without overlap or gap while accounts are being created', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let inserted = 0;
      do {
        const url: string = `/users?query=${tag}-&disabled=false&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await admin(t.app, 'GET', url);
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().users.map((u: { email: string }) => u.email));
        cursor = res.json().next_cursor;
        // Newer accounts than the first page appear while paging; they must not shift the pages.
        await registerUser(t.app, { email: `${tag}-late-${inserted++}@example.test` });
      } while (cursor);
      expect(seen).toEqual([...emails].reverse());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it.each([
      'limit=0',
      'limit=101',
      'limit=1.5',
      'disabled=maybe',
      'cursor=garbage',
      'cursor=',
      'extra=1',
      `query=${'a'.repeat(255)}`,
      'query=%00',
    ])('refuses ?%s with 400 validation_failed', async (query) => {
      expectProblem(await admin(t.app, 'GET', `/users?${query}`), 400, 'validation_failed');
    });
  });

  describe('GET /admin/v1/audit', () => {
    it('filters by user, type or type prefix and time range, newest first, with user_id and the actor', async () => {
      const { userId, email, password } = await registerUser(t.app);
      await login(t.app, email, 'not the password at all');
      await login(t.app, email, password);
      await admin(t.app, 'PATCH', `/users/${userId}`, { display_name: 'Audited' });

      const all = await admin(t.app, 'GET', `/audit?user_id=${userId}`);
      expect(all.statusCode).toBe(200);
      expect(all.json().events.map((e: { type: string }) => e.type)).toEqual([
        'admin.user_updated',
        'login.succeeded',
        'login.failed',
        'user.registered',
      ]);
      expect(all.json().events[0]).toMatchObject({ user_id: userId, metadata: { actor: 'ops' } });

      const logins = await admin(t.app, 'GET', `/audit?user_id=${userId}&type=login.`);
      expect(logins.json().events.map((e: { type: string }) => e.type)).toEqual([
        'login.succeeded',
        'login.failed',
      ]);
      const failed = await admin(t.app, 'GET', `/audit?user_id=${userId}&type=login.failed`);
      expect(failed.json().events).toHaveLength(1);

      const registeredAt = all.json().events[3].created_at as string;
      const since = await admin(
        t.app,
        'GET',
        `/audit?user_id=${userId}&since=${encodeURIComponent(registeredAt)}&limit=1`,
      );
      expect(since.json().events).toHaveLength(1);
      const next = await admin(
        t.app,
        'GET',
        `/audit?user_id=${userId}&since=${encodeURIComponent(registeredAt)}&limit=10&cursor=${since.json().next_cursor}`,
      );
      expect(next.json().events.map((e: { type: string }) => e.type)).toEqual([
        'login.succeeded',
        'login.failed',
        'user.registered',
      ]);
      const until = await admin(
        t.app,
        'GET',
        `/audit?user_id=${userId}&until=${encodeURIComponent(registeredAt)}`,
      );
      expect(until.json().events).toEqual([]);
    });

    it.each([
      'user_id=nope',
      'type=Login',
      'type=a..b',
      'since=yesterday',
      'until=2026-13-01T00:00:00Z',
      'since=2026-02-02T00:00:00Z&until=2026-02-01T00:00:00Z',
      'limit=500',
      'cursor=x',
    ])('refuses ?%s with 400 validation_failed', async (query) => {
      expectProblem(await admin(t.app, 'GET', `/audit?${query}`), 400, 'validation_failed');
    });
  });

  describe('OpenAPI document', () => {
    it('shows every admin route under the admin tag with the admin-key security scheme', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
      expect(doc.components.securitySchemes['admin-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
      const documented: string[] = [];
      for (const [path, operations] of Object.entries(
        doc.paths as Record<
          string,
          Record<string, { tags?: string[]; security?: unknown; responses: object }>
        >,
      )) {
        if (!path.startsWith('/admin/v1/')) continue;
        for (const [method, operation] of Object.entries(operations)) {
          documented.push(`${method.toUpperCase()} ${path.slice('/admin/v1'.length)}`);
          expect(operation.tags).toEqual(['admin']);
          expect(operation.security).toEqual([{ 'admin-key': [] }]);
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '404', '429']));
        }
      }
      expect(documented.sort()).toEqual(ADMIN_ROUTES.map(([method, path]) => `${method} ${path}`).sort());
    });
  });
});
