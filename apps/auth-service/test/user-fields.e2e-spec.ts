import { DataSource } from 'typeorm';
import { bearer, decodeJwt, login, refresh, registerUser, uniqueEmail } from './support/accounts';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

/** The fields API.md Part 2 adds to `User`, and the sign-in rules that come with them. */
describe('User fields: app_metadata, has_password, last_sign_in_at', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const me = (accessToken: string) =>
    t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(accessToken) });

  const lastSignIn = async (userId: string) =>
    (
      await db.query<Array<{ at: Date | null }>>('SELECT last_sign_in_at AS at FROM users WHERE id = $1', [
        userId,
      ])
    )[0]!.at;

  it('registers with empty app_metadata, a password, and the sign-in of registration stamped', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { email: uniqueEmail(), password: 'correct horse battery staple 42' },
    });
    expect(res.statusCode).toBe(201);
    const { user } = res.json();
    expect(user).toMatchObject({ app_metadata: {}, has_password: true, last_sign_in_at: expect.any(String) });
    expect(new Date(user.last_sign_in_at).getTime()).toBe((await lastSignIn(user.id))!.getTime());
  });

  it('stamps last_sign_in_at at each sign-in and shows it in /v1/user/me', async () => {
    const { email, password, userId } = await registerUser(t.app);
    const before = (await lastSignIn(userId))!;
    await new Promise((resolve) => setTimeout(resolve, 5));

    const res = await login(t.app, email, password);

    expect(res.statusCode).toBe(200);
    const stamped = (await lastSignIn(userId))!;
    expect(stamped.getTime()).toBeGreaterThan(before.getTime());
    expect(res.json().user.last_sign_in_at).toBe(stamped.toISOString());
    expect((await me(res.json().session.access_token)).json()).toMatchObject({
      last_sign_in_at: stamped.toISOString(),
      has_password: true,
    });
  });

  it('answers password sign-in to an account without a password exactly like a wrong password', async () => {
    const withPassword = await registerUser(t.app);
    const without = await registerUser(t.app);
    await db.query('UPDATE users SET password_hash = NULL WHERE id = $1', [without.userId]);
    const comparable = (res: Awaited<ReturnType<typeof login>>) => {
      const { request_id: _requestId, ...body } = res.json();
      return { status: res.statusCode, body, type: res.headers['content-type'] };
    };

    const wrong = await login(t.app, withPassword.email, 'not the right password');
    const noPassword = await login(t.app, without.email, without.password);

    expectProblem(noPassword, 401, 'invalid_credentials');
    expect(comparable(noPassword)).toEqual(comparable(wrong));
    expect((await me(without.session.access_token)).json()).toMatchObject({ has_password: false });
    const [event] = await db.query<Array<{ metadata: Record<string, unknown> }>>(
      `SELECT metadata FROM audit_events WHERE user_id = $1 AND type = 'login.failed'`,
      [without.userId],
    );
    expect(event?.metadata).toMatchObject({ method: 'password', reason: 'wrong_password' });
  });

  it('copies app_metadata into access tokens, and a new value reaches them at the next refresh', async () => {
    const { email, password, userId, session } = await registerUser(t.app);
    expect(decodeJwt(session.access_token).payload.app_metadata).toEqual({});
    await db.query(`UPDATE users SET app_metadata = '{"roles":["editor"],"plan":"team"}' WHERE id = $1`, [
      userId,
    ]);

    const refreshed = await refresh(t.app, session.refresh_token);
    expect(refreshed.statusCode).toBe(200);
    expect(decodeJwt(refreshed.json().session.access_token).payload.app_metadata).toEqual({
      roles: ['editor'],
      plan: 'team',
    });
    const signedIn = await login(t.app, email, password);
    expect(decodeJwt(signedIn.json().session.access_token).payload.app_metadata).toEqual({
      roles: ['editor'],
      plan: 'team',
    });
    expect(signedIn.json().user.app_metadata).toEqual({ roles: ['editor'], plan: 'team' });
  });

  it('refuses a disabled account with 403 user_disabled, and only once the password is right', async () => {
    const { email, password, userId } = await registerUser(t.app);
    await db.query(`UPDATE users SET disabled = true, disabled_reason = 'chargeback' WHERE id = $1`, [
      userId,
    ]);
    const sessionsBefore = await db.query('SELECT id FROM sessions WHERE user_id = $1', [userId]);

    expectProblem(await login(t.app, email, 'not the right password'), 401, 'invalid_credentials');
    const refused = expectProblem(await login(t.app, email, password), 403, 'user_disabled');

    expect(JSON.stringify(refused)).not.toContain('chargeback');
    expect(await db.query('SELECT id FROM sessions WHERE user_id = $1', [userId])).toEqual(sessionsBefore);
    const events = await db.query<Array<{ metadata: Record<string, unknown> }>>(
      `SELECT metadata FROM audit_events WHERE user_id = $1 AND type = 'login.failed' ORDER BY created_at`,
      [userId],
    );
    expect(events.map((e) => e.metadata.reason)).toEqual(['wrong_password', 'user_disabled']);

    await db.query('UPDATE users SET disabled = false, disabled_reason = NULL WHERE id = $1', [userId]);
    expect((await login(t.app, email, password)).statusCode).toBe(200);
  });
});
