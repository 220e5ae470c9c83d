import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import {
  decodeJwt,
  login,
  refresh,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  uniquePhone,
  verifyToken,
} from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import { registerWithMfa } from './support/mfa';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

const NEW_PASSWORD = 'a brand new passphrase 97';

describe('admin API: changing, disabling and deleting users', () => {
  let t: TestApp;
  let db: DataSource;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp(ADMIN_KEYS_ENV, undefined, { clock });
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const eventsOf = (userId: string, type?: string) =>
    db.query<
      Array<{ type: string; metadata: Record<string, unknown>; ip: string | null; user_agent: string | null }>
    >(
      `SELECT type, metadata, host(ip) AS ip, user_agent FROM audit_events
        WHERE user_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY created_at`,
      [userId, type ?? null],
    );

  describe('PATCH /admin/v1/users/{id}', () => {
    it('changes fields; a new email is unverified unless said otherwise; phone null removes it', async () => {
      const { userId } = await registerUser(t.app, { phone: uniquePhone() });
      const email = uniqueEmail();
      const res = await admin(t.app, 'PATCH', `/users/${userId}`, {
        email,
        display_name: 'Lin',
        phone: null,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        email,
        email_verified: false,
        display_name: 'Lin',
        phone: null,
        phone_verified: false,
      });
      const verified = await admin(t.app, 'PATCH', `/users/${userId}`, { email_verified: true });
      expect(verified.json()).toMatchObject({ email, email_verified: true });
      expect((await eventsOf(userId, 'admin.user_updated')).map((e) => e.metadata)).toEqual([
        expect.objectContaining({ actor: 'ops', fields: ['email', 'phone', 'display_name'] }),
        expect.objectContaining({ actor: 'ops', fields: ['email_verified'] }),
      ]);
    });

    it('replaces app_metadata, which reaches access tokens at the next refresh', async () => {
      const { userId, session } = await registerUser(t.app);
      await admin(t.app, 'PATCH', `/users/${userId}`, { app_metadata: { roles: ['a'], plan: 'x' } });
      const res = await admin(t.app, 'PATCH', `/users/${userId}`, { app_metadata: { plan: 'y' } });
      expect(res.json().app_metadata).toEqual({ plan: 'y' });
      const refreshed = await refresh(t.app, session.refresh_token);
      expect(decodeJwt(refreshed.json().session.access_token).payload.app_metadata).toEqual({ plan: 'y' });
    });

    it('answers 409 for a taken email or phone and changes nothing', async () => {
      const phone = uniquePhone();
      const other = await registerUser(t.app, { phone });
      const { userId, email } = await registerUser(t.app);
      expectProblem(
        await admin(t.app, 'PATCH', `/users/${userId}`, { email: other.email, display_name: 'X' }),
        409,
        'email_taken',
      );
      expectProblem(await admin(t.app, 'PATCH', `/users/${userId}`, { phone }), 409, 'phone_taken');
      expect((await admin(t.app, 'GET', `/users/${userId}`)).json()).toMatchObject({
        email,
        display_name: null,
      });
    });

    it.each([
      [{ email: null }],
      [{ disabled: 'yes' }],
      [{ app_metadata: null }],
      [{ app_metadata: 'x' }],
      [{ password: null }],
      [{ disabled_reason: 'x'.repeat(501) }],
      [{ mfa_enabled: false }],
      [{ has_password: true }],
      [{ created_at: '2020-01-01T00:00:00Z' }],
    ])('refuses %j with 400 validation_failed (no mass assignment)', async (body) => {
      const { userId } = await registerUser(t.app);
      expectProblem(await admin(t.app, 'PATCH', `/users/${userId}`, body), 400, 'validation_failed');
    });

    it('answers 404 for an unknown user', async () => {
      expectProblem(
        await admin(t.app, 'PATCH', '/users/6c1e3f1c-3a52-4f0f-9d59-0d6c3b8b8a01', { display_name: 'X' }),
        404,
        'not_found',
      );
    });

    it('sets a new password and ends every session', async () => {
      const { userId, email, session } = await registerUser(t.app);
      expectProblem(
        await admin(t.app, 'PATCH', `/users/${userId}`, { password: 'password' }),
        400,
        'weak_password',
      );
      const res = await admin(t.app, 'PATCH', `/users/${userId}`, { password: NEW_PASSWORD });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(NEW_PASSWORD);
      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
      expectProblem(await refresh(t.app, session.refresh_token), 401, 'invalid_refresh_token');
      expectProblem(await login(t.app, email, STRONG_PASSWORD), 401, 'invalid_credentials');
      expect((await login(t.app, email, NEW_PASSWORD)).statusCode).toBe(200);
      expect(JSON.stringify(await eventsOf(userId))).not.toContain(NEW_PASSWORD);
    });

    it('disables: every session ends at once, every sign-in gets 403 user_disabled; enabling restores it', async () => {
      const { userId, email, session } = await registerUser(t.app);
      const res = await admin(t.app, 'PATCH', `/users/${userId}`, {
        disabled: true,
        disabled_reason: 'chargeback',
      });
      expect(res.json()).toMatchObject({ disabled: true, disabled_reason: 'chargeback' });

      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
      expectProblem(await refresh(t.app, session.refresh_token), 401, 'invalid_refresh_token');
      expectProblem(await login(t.app, email, 'wrong password entirely'), 401, 'invalid_credentials');
      expectProblem(await login(t.app, email, STRONG_PASSWORD), 403, 'user_disabled');
      expect((await eventsOf(userId, 'admin.user_disabled'))[0]?.metadata).toEqual({
        actor: 'ops',
        sessions_revoked: 1,
      });

      const enabled = await admin(t.app, 'PATCH', `/users/${userId}`, { disabled: false });
      expect(enabled.json()).toMatchObject({ disabled: false, disabled_reason: null });
      expect((await login(t.app, email, STRONG_PASSWORD)).statusCode).toBe(200);
      expect((await eventsOf(userId, 'admin.user_enabled'))[0]?.metadata).toEqual({ actor: 'ops' });
    });

    it('refuses a disabled account at the MFA step too', async () => {
      const account = await registerWithMfa(t.app, clock);
      const step = await login(t.app, account.email, account.password);
      expect(step.json()).toMatchObject({ mfa_required: true });
      await admin(t.app, 'PATCH', `/users/${account.userId}`, { disabled: true });
      expectProblem(await login(t.app, account.email, account.password), 403, 'user_disabled');
      const verify = await t.app.inject({
        method: 'POST',
        url: '/v1/mfa/verify',
        payload: { mfa_token: step.json().mfa_token, code: account.recoveryCodes[0] },
      });
      expectProblem(verify, 403, 'user_disabled');
    });
  });

  describe('sessions and factors', () => {
    it('lists a user’s sessions without `current`, and ends them all', async () => {
      const { userId, email, password, session } = await registerUser(t.app);
      await login(t.app, email, password);
      const list = await admin(t.app, 'GET', `/users/${userId}/sessions`);
      expect(list.statusCode).toBe(200);
      expect(list.json().sessions).toHaveLength(2);
      for (const s of list.json().sessions) {
        expect(Object.keys(s).sort()).toEqual([
          'aal',
          'created_at',
          'id',
          'ip',
          'last_used_at',
          'user_agent',
        ]);
      }
      expect((await admin(t.app, 'DELETE', `/users/${userId}/sessions`)).statusCode).toBe(204);
      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
      expect((await admin(t.app, 'GET', `/users/${userId}/sessions`)).json()).toEqual({ sessions: [] });
      expect((await eventsOf(userId, 'admin.sessions_revoked'))[0]?.metadata).toEqual({
        actor: 'ops',
        sessions_revoked: 2,
      });
      expectProblem(
        await admin(t.app, 'GET', '/users/6c1e3f1c-3a52-4f0f-9d59-0d6c3b8b8a01/sessions'),
        404,
        'not_found',
      );
      expectProblem(
        await admin(t.app, 'DELETE', '/users/6c1e3f1c-3a52-4f0f-9d59-0d6c3b8b8a01/sessions'),
        404,
        'not_found',
      );
    });

    it('resets second factors: MFA off, factors and recovery codes gone, sessions ended', async () => {
      const account = await registerWithMfa(t.app, clock);
      const before = (await admin(t.app, 'GET', `/users/${account.userId}`)).json();
      expect(before).toMatchObject({
        mfa_enabled: true,
        factors: [{ id: expect.any(String), type: 'totp', created_at: expect.any(String) }],
      });

      expect((await admin(t.app, 'DELETE', `/users/${account.userId}/factors`)).statusCode).toBe(204);

      expect((await admin(t.app, 'GET', `/users/${account.userId}`)).json()).toMatchObject({
        mfa_enabled: false,
        factors: [],
      });
      expect((await verifyToken(t.app, account.session.access_token)).statusCode).toBe(401);
      const signedIn = await login(t.app, account.email, account.password);
      expect(signedIn.json()).toHaveProperty('session');
      expect(
        await db.query('SELECT id FROM mfa_recovery_codes WHERE user_id = $1', [account.userId]),
      ).toEqual([]);
      expect((await eventsOf(account.userId, 'admin.mfa_reset'))[0]?.metadata).toMatchObject({
        actor: 'ops',
      });
      expectProblem(
        await admin(t.app, 'DELETE', '/users/6c1e3f1c-3a52-4f0f-9d59-0d6c3b8b8a01/factors'),
        404,
        'not_found',
      );
    });
  });

  describe('DELETE /admin/v1/users/{id}', () => {
    it('deletes the account and its data; its tokens die; the email can register again; the event stays', async () => {
      const { userId, email, session } = await registerUser(t.app);
      await login(t.app, email, STRONG_PASSWORD);

      expect((await admin(t.app, 'DELETE', `/users/${userId}`)).statusCode).toBe(204);

      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
      expectProblem(await refresh(t.app, session.refresh_token), 401, 'invalid_refresh_token');
      expectProblem(await admin(t.app, 'GET', `/users/${userId}`), 404, 'not_found');
      expectProblem(await admin(t.app, 'DELETE', `/users/${userId}`), 404, 'not_found');
      for (const table of ['users', 'sessions', 'one_time_codes', 'mfa_factors']) {
        const column = table === 'users' ? 'id' : 'user_id';
        expect(await db.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [userId])).toEqual([]);
      }
      const trail = await eventsOf(userId);
      expect(trail.map((e) => e.type)).toEqual(['admin.user_deleted']);
      expect(trail[0]!.metadata).toEqual({ actor: 'ops' });
      expect(JSON.stringify(trail)).not.toContain(email);
      expect(
        await db.query('SELECT id FROM deleted_sessions WHERE id = $1', [session.session_id]),
      ).toHaveLength(1);

      expect((await registerUser(t.app, { email })).userId).not.toBe(userId);
    });
  });
});
