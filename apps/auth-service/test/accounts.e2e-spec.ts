import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  bearer,
  login,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  uniquePhone,
  verifyToken,
} from './support/accounts';
import { refuseSessions } from './support/faults';
import { startTestApp, TestApp } from './support/test-app';

describe('accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const register = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/v1/register', payload });

  describe('POST /v1/register', () => {
    it('creates the account and its first session', async () => {
      const email = uniqueEmail();
      const phone = uniquePhone();
      const res = await register({ email, password: STRONG_PASSWORD, phone, display_name: 'Ada' });
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(body.user).toEqual({
        id: expect.any(String),
        email,
        email_verified: false,
        phone,
        phone_verified: false,
        display_name: 'Ada',
        mfa_enabled: false,
        app_metadata: {},
        has_password: true,
        last_sign_in_at: expect.stringMatching(/Z$/),
        created_at: expect.stringMatching(/Z$/),
      });
      expect(body.session).toMatchObject({ token_type: 'Bearer', session_id: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain(STRONG_PASSWORD);
    });

    it('leaves no account and no event behind when its first session cannot be stored', async () => {
      const dataSource = t.app.get(DataSource);
      const { userAgent, allow } = await refuseSessions(dataSource);
      const email = uniqueEmail();
      try {
        const failed = await t.app.inject({
          method: 'POST',
          url: '/v1/register',
          headers: { 'user-agent': userAgent },
          payload: { email, password: STRONG_PASSWORD },
        });
        expect(failed.statusCode).toBe(500);
      } finally {
        await allow();
      }

      const stored = await dataSource.query<Array<{ users: number; events: number }>>(
        `SELECT (SELECT count(*)::int FROM users WHERE email = $1) AS users,
                (SELECT count(*)::int FROM audit_events WHERE metadata->>'email' = $1 OR user_id IN
                  (SELECT id FROM users WHERE email = $1)) AS events`,
        [email],
      );
      expect(stored).toEqual([{ users: 0, events: 0 }]);
      expect((await register({ email, password: STRONG_PASSWORD })).statusCode).toBe(201);
    });

    it('normalises emails: case, spaces and NFKC variants are one account', async () => {
      const local = `n-${randomUUID().slice(0, 8)}`;
      const first = await register({
        email: `  ${local.toUpperCase()}@Example.TEST `,
        password: STRONG_PASSWORD,
      });
      expect(first.statusCode).toBe(201);
      expect(first.json().user.email).toBe(`${local}@example.test`);
      const fullwidth = `${local}＠ｅｘａｍｐｌｅ.test`;
      for (const email of [`${local}@example.test`, `${local.toUpperCase()}@EXAMPLE.test`, fullwidth]) {
        const dup = await register({ email, password: STRONG_PASSWORD });
        expect(dup.statusCode).toBe(409);
        expect(dup.json()).toMatchObject({ code: 'email_taken' });
      }
    });

    it('gives exactly one account to 20 concurrent registrations of one address', async () => {
      const email = uniqueEmail();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => register({ email, password: STRONG_PASSWORD })),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    });

    it('refuses weak and common passwords with weak_password', async () => {
      for (const password of ['abc1', 'password', '12345678', 'qwertyuiop', 'iloveyou']) {
        const res = await register({ email: uniqueEmail(), password });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'weak_password' });
        expect(Object.values(res.json())).not.toContain(password);
      }
    });

    it('refuses invalid input with validation_failed and stores nothing', async () => {
      const email = uniqueEmail();
      const cases = [
        { email: 'not-an-email', password: STRONG_PASSWORD },
        { email: `a\r\nbcc:x@example.test`, password: STRONG_PASSWORD },
        { email, password: STRONG_PASSWORD, role: 'admin' },
        { email, password: 12345678 },
        { email, password: STRONG_PASSWORD, phone: '4155552671' },
        { email, password: 'x'.repeat(257) },
      ];
      for (const payload of cases) {
        const res = await register(payload);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'validation_failed', errors: expect.any(Array) });
      }
      const rows: unknown[] = await t.app
        .get(DataSource)
        .query(`SELECT 1 FROM users WHERE email = $1`, [email]);
      expect(rows).toHaveLength(0);
    });

    it('treats every character of a long password as significant (bcrypt reads only 72 bytes)', async () => {
      const prefix = 'p'.repeat(72);
      const { email } = await registerUser(t.app, { password: `${prefix}-one` });
      expect((await login(t.app, email, `${prefix}-two`)).statusCode).toBe(401);
      expect((await login(t.app, email, `${prefix}-one`)).statusCode).toBe(200);
    });
  });

  describe('GET /v1/user/me', () => {
    it('returns the caller', async () => {
      const { session, email, userId } = await registerUser(t.app);
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/user/me',
        headers: bearer(session.access_token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: userId, email });
    });

    it('answers 401 without a valid token', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/user/me' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthorized' });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });
  });

  describe('POST /v1/user/password', () => {
    it('changes the password and revokes every other session', async () => {
      const { email, password, session: other } = await registerUser(t.app);
      const current = (await login(t.app, email, password)).json().session;
      const newPassword = 'a different strong passphrase 7';
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/user/password',
        headers: bearer(current.access_token),
        payload: { current_password: password, new_password: newPassword },
      });
      expect(res.statusCode).toBe(204);
      expect((await verifyToken(t.app, other.access_token)).statusCode).toBe(401);
      expect((await verifyToken(t.app, current.access_token)).statusCode).toBe(200);
      expect((await login(t.app, email, password)).statusCode).toBe(401);
      expect((await login(t.app, email, newPassword)).statusCode).toBe(200);
    });

    it('refuses a wrong current password and a weak new one', async () => {
      const { password, session } = await registerUser(t.app);
      const change = (payload: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/user/password',
          headers: bearer(session.access_token),
          payload,
        });
      const wrong = await change({
        current_password: 'not the password',
        new_password: 'another good passphrase',
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
      const weak = await change({ current_password: password, new_password: 'password' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json()).toMatchObject({ code: 'weak_password' });
      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(200);
    });
  });
});
