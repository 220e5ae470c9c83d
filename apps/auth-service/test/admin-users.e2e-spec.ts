import { DataSource } from 'typeorm';
import {
  decodeJwt,
  login,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  uniquePhone,
} from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN_USER_FIELDS = [
  'id',
  'email',
  'email_verified',
  'phone',
  'phone_verified',
  'display_name',
  'mfa_enabled',
  'created_at',
  'app_metadata',
  'has_password',
  'last_sign_in_at',
  'disabled',
  'disabled_reason',
  'factors',
  'identities',
  'updated_at',
].sort();

describe('admin API: users', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp(ADMIN_KEYS_ENV);
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const events = (userId: string, type: string) =>
    db.query<Array<{ metadata: Record<string, unknown>; ip: string | null }>>(
      'SELECT metadata, host(ip) AS ip FROM audit_events WHERE user_id = $1 AND type = $2 ORDER BY created_at',
      [userId, type],
    );

  describe('POST /admin/v1/users', () => {
    it('creates an account with a password, verified flags and app_metadata, and no session', async () => {
      const email = uniqueEmail();
      const phone = uniquePhone();
      const res = await admin(t.app, 'POST', '/users', {
        email: `  ${email.toUpperCase()} `,
        password: STRONG_PASSWORD,
        phone,
        display_name: 'Grace',
        email_verified: true,
        phone_verified: true,
        app_metadata: { roles: ['admin'], plan: 'enterprise' },
      });
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(Object.keys(user).sort()).toEqual(ADMIN_USER_FIELDS);
      expect(user).toMatchObject({
        email,
        phone,
        display_name: 'Grace',
        email_verified: true,
        phone_verified: true,
        has_password: true,
        last_sign_in_at: null,
        disabled: false,
        disabled_reason: null,
        factors: [],
        identities: [],
        app_metadata: { roles: ['admin'], plan: 'enterprise' },
      });
      expect(res.body).not.toContain(STRONG_PASSWORD);
      expect(await db.query('SELECT id FROM sessions WHERE user_id = $1', [user.id])).toEqual([]);
      expect((await events(user.id, 'admin.user_created'))[0]?.metadata).toMatchObject({ actor: 'ops' });

      const signedIn = await login(t.app, email, STRONG_PASSWORD);
      expect(decodeJwt(signedIn.json().session.access_token).payload.app_metadata).toEqual({
        roles: ['admin'],
        plan: 'enterprise',
      });
    });

    it('creates an account without a password, which password sign-in treats like a wrong password', async () => {
      const email = uniqueEmail();
      const res = await admin(t.app, 'POST', '/users', { email });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ has_password: false, email_verified: false, app_metadata: {} });
      expectProblem(await login(t.app, email, STRONG_PASSWORD), 401, 'invalid_credentials');
    });

    it.each([
      [{ email: 'not-an-email' }, 400, 'validation_failed'],
      [{ email: uniqueEmail(), password: 'password' }, 400, 'weak_password'],
      [{ email: uniqueEmail(), phone_verified: true }, 400, 'validation_failed'],
      [{ email: uniqueEmail(), app_metadata: ['roles'] }, 400, 'validation_failed'],
      [{ email: uniqueEmail(), app_metadata: { k: 'x'.repeat(4100) } }, 400, 'validation_failed'],
      [{ email: uniqueEmail(), disabled: true }, 400, 'validation_failed'],
      [{ email: uniqueEmail(), id: '00000000-0000-4000-8000-000000000000' }, 400, 'validation_failed'],
    ])('refuses %j with %i %s and creates nothing', async (body, status, code) => {
      const res = await admin(t.app, 'POST', '/users', body);
      expectProblem(res, status, code);
      if (typeof body.email === 'string') {
        expect(await db.query('SELECT id FROM users WHERE email = $1', [body.email])).toEqual([]);
      }
    });

    it('answers 409 for a taken email or phone', async () => {
      const phone = uniquePhone();
      const { email } = await registerUser(t.app, { phone });
      expectProblem(await admin(t.app, 'POST', '/users', { email }), 409, 'email_taken');
      expectProblem(
        await admin(t.app, 'POST', '/users', { email: uniqueEmail(), phone }),
        409,
        'phone_taken',
      );
    });
  });

  describe('GET /admin/v1/users/{id}', () => {
    it('answers the AdminUser, or 404 for an unknown id or a non-uuid', async () => {
      const { userId, email } = await registerUser(t.app);
      const res = await admin(t.app, 'GET', `/users/${userId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: userId, email, has_password: true, disabled: false });
      expectProblem(
        await admin(t.app, 'GET', '/users/6c1e3f1c-3a52-4f0f-9d59-0d6c3b8b8a01'),
        404,
        'not_found',
      );
      expectProblem(await admin(t.app, 'GET', '/users/not-a-uuid'), 404, 'not_found');
    });
  });
});
