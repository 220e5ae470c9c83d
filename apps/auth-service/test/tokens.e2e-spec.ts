import { createLocalJWKSet, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import {
  bearer,
  decodeJwt,
  logout,
  refresh,
  registerUser,
  SessionBody,
  verifyToken,
} from './support/accounts';
import { startTestApp, TestApp } from './support/test-app';

describe('sessions and tokens', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  /** The rows of `from` (a table and a condition on the session `$1`) for this session. */
  const countFor = async (from: string, sessionId: string): Promise<number> => {
    const rows: Array<{ count: string }> = await t.app
      .get(DataSource)
      .query(`SELECT count(*) FROM ${from}`, [sessionId]);
    return Number(rows[0]!.count);
  };
  const liveTokensOf = (sessionId: string) =>
    countFor('refresh_tokens WHERE session_id = $1 AND rotated_at IS NULL AND revoked_at IS NULL', sessionId);
  const refreshEventsOf = (sessionId: string) =>
    countFor(`audit_events WHERE type = 'token.refreshed' AND metadata->>'session_id' = $1`, sessionId);

  it('issues access tokens with the contract claims, verifiable by an independent client through the JWKS', async () => {
    const { session, userId, email } = await registerUser(t.app);
    const { header, payload } = decodeJwt(session.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: 'auth-service',
      aud: 'authenticated',
      sub: userId,
      sid: session.session_id,
      email,
      amr: ['pwd'],
      aal: 'aal1',
    });
    expect(session).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_expires_in: 2592000 });

    const jwks = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.statusCode).toBe(200);
    const { payload: verified } = await jwtVerify(session.access_token, createLocalJWKSet(jwks.json()), {
      issuer: 'auth-service',
      audience: 'authenticated',
      currentDate: clock.now(),
    });
    expect(verified.sub).toBe(userId);
  });

  it('rotates refresh tokens; within the reuse interval the old one yields the current tokens', async () => {
    const { session } = await registerUser(t.app);
    const first = await refresh(t.app, session.refresh_token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const rotated = first.json<{ session: { refresh_token: string; session_id: string } }>().session;
    expect(rotated.refresh_token).not.toBe(session.refresh_token);
    expect(rotated.session_id).toBe(session.session_id);

    clock.advance(5);
    const again = await refresh(t.app, session.refresh_token);
    expect(again.statusCode).toBe(200);
    expect(again.json().session.refresh_token).toBe(rotated.refresh_token);
    expect(await liveTokensOf(session.session_id)).toBe(1);
    expect(await refreshEventsOf(session.session_id)).toBe(2);
  });

  it('revokes the whole session when a rotated token comes back after the interval', async () => {
    const { session } = await registerUser(t.app);
    const rotated = (await refresh(t.app, session.refresh_token)).json().session;
    clock.advance(11);

    const reuse = await refresh(t.app, session.refresh_token);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'refresh_token_reused' });
    expect((await refresh(t.app, rotated.refresh_token)).json()).toMatchObject({
      code: 'invalid_refresh_token',
    });
    expect((await verifyToken(t.app, rotated.access_token)).statusCode).toBe(401);
    expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);

    const events: Array<{ type: string }> = await t.app
      .get(DataSource)
      .query(`SELECT type FROM audit_events WHERE metadata->>'session_id' = $1`, [session.session_id]);
    expect(events.map((e) => e.type)).toContain('token.reuse_detected');
    expect(await refreshEventsOf(session.session_id)).toBe(1);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/auth_refresh_token_reuse_detections_total [1-9]/);
  });

  it('never forks a session under 20 concurrent refreshes of one token', async () => {
    const { session } = await registerUser(t.app);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refresh(t.app, session.refresh_token)),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const tokens = new Set(results.map((r) => r.json().session.refresh_token as string));
    expect(tokens.size).toBe(1);
    expect(await liveTokensOf(session.session_id)).toBe(1);
    expect(await refreshEventsOf(session.session_id)).toBe(20);
  });

  it('settles refreshes racing a logout of their session: rotated or refused, never a live token after', async () => {
    const { session } = await registerUser(t.app);
    const refreshes = Array.from({ length: 10 }, () => refresh(t.app, session.refresh_token));
    const [loggedOut, ...results] = await Promise.all([logout(t.app, session.access_token), ...refreshes]);
    expect(loggedOut.statusCode).toBe(204);
    for (const res of results) expect([200, 401]).toContain(res.statusCode);
    expect(await liveTokensOf(session.session_id)).toBe(0);
    const rotated = results.find((res) => res.statusCode === 200);
    if (rotated) {
      expect((await refresh(t.app, rotated.json().session.refresh_token)).statusCode).toBe(401);
    }
  });

  it('refuses garbage, access tokens and unknown tokens at refresh', async () => {
    const { session } = await registerUser(t.app);
    for (const token of ['garbage', session.access_token, 'A'.repeat(43)]) {
      const res = await refresh(t.app, token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_refresh_token' });
    }
    const missing = await t.app.inject({ method: 'POST', url: '/v1/token/refresh', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('reads the user claims afresh at each refresh', async () => {
    const { session, userId } = await registerUser(t.app);
    const changed = `changed-${userId}@example.test`;
    await t.app.get(DataSource).query(`UPDATE users SET email = $2 WHERE id = $1`, [userId, changed]);
    const res = await refresh(t.app, session.refresh_token);
    expect(decodeJwt(res.json().session.access_token).payload.email).toBe(changed);
  });

  describe('verify-token', () => {
    it('answers 200 with the claims and X-Auth headers for a live token', async () => {
      const { session, userId, email } = await registerUser(t.app);
      const res = await verifyToken(t.app, session.access_token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        active: true,
        sub: userId,
        sid: session.session_id,
        exp: expect.any(Number),
        iat: expect.any(Number),
        aal: 'aal1',
        amr: ['pwd'],
        email,
      });
      expect(res.headers).toMatchObject({
        'x-auth-user-id': userId,
        'x-auth-session-id': session.session_id,
        'x-auth-aal': 'aal1',
        'cache-control': 'no-store',
      });
    });

    it('answers 401 with WWW-Authenticate for missing, malformed and refresh tokens', async () => {
      const { session } = await registerUser(t.app);
      const cases = [
        {},
        { authorization: 'Basic dXNlcjpwYXNz' },
        bearer('garbage'),
        bearer(session.refresh_token),
        bearer(`${session.access_token}x`),
      ];
      for (const headers of cases) {
        const res = await t.app.inject({ method: 'GET', url: '/v1/verify-token', headers });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('refuses an expired token', async () => {
      const { session } = await registerUser(t.app);
      clock.advance(900 + 31);
      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
    });
  });

  describe('logout', () => {
    it('local ends this session only, at once', async () => {
      const a = await registerUser(t.app);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/logout',
        headers: bearer(a.session.access_token),
      });
      expect(res.statusCode).toBe(204);
      expect((await verifyToken(t.app, a.session.access_token)).statusCode).toBe(401);
      expect((await refresh(t.app, a.session.refresh_token)).statusCode).toBe(401);
    });

    it('others keeps the caller and ends the rest; global ends all', async () => {
      const { email, password, session: first } = await registerUser(t.app);
      const login = async (): Promise<SessionBody> =>
        (await t.app.inject({ method: 'POST', url: '/v1/login', payload: { email, password } })).json<{
          session: SessionBody;
        }>().session;
      const second = await login();
      const third = await login();

      const others = await logout(t.app, second.access_token, 'others');
      expect(others.statusCode).toBe(204);
      expect((await verifyToken(t.app, second.access_token)).statusCode).toBe(200);
      expect((await verifyToken(t.app, first.access_token)).statusCode).toBe(401);
      expect((await verifyToken(t.app, third.access_token)).statusCode).toBe(401);

      const fourth = await login();
      const global = await logout(t.app, fourth.access_token, 'global');
      expect(global.statusCode).toBe(204);
      expect((await verifyToken(t.app, second.access_token)).statusCode).toBe(401);
      expect((await verifyToken(t.app, fourth.access_token)).statusCode).toBe(401);
    });

    it('needs a valid token and a known scope', async () => {
      expect((await t.app.inject({ method: 'POST', url: '/v1/logout' })).statusCode).toBe(401);
      const { session } = await registerUser(t.app);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/logout',
        headers: bearer(session.access_token),
        payload: { scope: 'everything' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'scope' }] });
    });
  });

  describe('session list', () => {
    it('lists the active sessions with the current one marked, and revokes one by id', async () => {
      const { email, password, session: first } = await registerUser(t.app);
      const second = (
        await t.app.inject({ method: 'POST', url: '/v1/login', payload: { email, password } })
      ).json().session;
      const list = await t.app.inject({
        method: 'GET',
        url: '/v1/user/sessions',
        headers: bearer(second.access_token),
      });
      expect(list.statusCode).toBe(200);
      const sessions: Array<Record<string, unknown>> = list.json().sessions;
      expect(sessions).toHaveLength(2);
      expect(sessions.find((s) => s.id === second.session_id)).toMatchObject({
        current: true,
        aal: 'aal1',
        ip: '127.0.0.1',
      });
      expect(sessions.find((s) => s.id === first.session_id)).toMatchObject({ current: false });

      const del = await t.app.inject({
        method: 'DELETE',
        url: `/v1/user/sessions/${first.session_id}`,
        headers: bearer(second.access_token),
      });
      expect(del.statusCode).toBe(204);
      expect((await verifyToken(t.app, first.access_token)).statusCode).toBe(401);
      const again = await t.app.inject({
        method: 'DELETE',
        url: `/v1/user/sessions/${first.session_id}`,
        headers: bearer(second.access_token),
      });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ code: 'not_found' });
    });

    it("answers 404 for another user's session and for ids that are not uuids", async () => {
      const mine = await registerUser(t.app);
      const theirs = await registerUser(t.app);
      for (const id of [theirs.session.session_id, 'not-a-uuid']) {
        const res = await t.app.inject({
          method: 'DELETE',
          url: `/v1/user/sessions/${id}`,
          headers: bearer(mine.session.access_token),
        });
        expect(res.statusCode).toBe(404);
      }
      expect((await verifyToken(t.app, theirs.session.access_token)).statusCode).toBe(200);
    });
  });
});
