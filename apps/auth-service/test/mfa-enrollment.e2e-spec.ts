import { ScureBase32Plugin } from 'otplib';
import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import { bearer, login, registerUser, verifyToken } from './support/accounts';
import { activate, enroll, nextCode, registerWithMfa, totpAt } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('TOTP enrolment', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  const db = () => t.app.get(DataSource);

  it('answers a base32 secret, an otpauth URL and its QR code, never cached', async () => {
    const { email, session } = await registerUser(t.app);
    const res = await enroll(t.app, session.access_token);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({
      factor_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauth_url: expect.any(String),
      qr_code: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    });
    expect(body.otpauth_url).toBe(
      `otpauth://totp/auth-service:${encodeURIComponent(email)}?secret=${body.secret}` +
        '&issuer=auth-service&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('needs a bearer token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/mfa/totp/enroll' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('replaces a pending factor when enrolling again; only the newest secret activates', async () => {
    const { session } = await registerUser(t.app);
    const first = (await enroll(t.app, session.access_token)).json();
    const second = (await enroll(t.app, session.access_token)).json();
    expect(second.factor_id).not.toBe(first.factor_id);
    expect(second.secret).not.toBe(first.secret);

    const stale = await activate(t.app, session.access_token, await nextCode(clock, first.secret));
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ code: 'invalid_mfa_code' });
    const fresh = await activate(t.app, session.access_token, await nextCode(clock, second.secret));
    expect(fresh.statusCode).toBe(200);
  });

  it('refuses a wrong code, and activation with nothing pending', async () => {
    const { session } = await registerUser(t.app);
    const nothingPending = await activate(t.app, session.access_token, '123456');
    expect(nothingPending.statusCode).toBe(400);
    expect(nothingPending.json()).toMatchObject({ code: 'invalid_mfa_code' });

    const { secret } = (await enroll(t.app, session.access_token)).json();
    const now = clock.now().getTime() / 1000;
    const wrong = await activate(t.app, session.access_token, await totpAt(secret, now + 90));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'invalid_mfa_code' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/user/me',
      headers: bearer(session.access_token),
    });
    expect(me.json()).toMatchObject({ mfa_enabled: false });
  });

  it('turns MFA on with ten recovery codes and revokes every other session', async () => {
    const { email, password, session } = await registerUser(t.app);
    const other = (await login(t.app, email, password)).json().session;
    const { secret } = (await enroll(t.app, session.access_token)).json();

    const res = await activate(t.app, session.access_token, await nextCode(clock, secret));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const codes: string[] = res.json().recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);

    expect((await verifyToken(t.app, other.access_token)).statusCode).toBe(401);
    const current = await verifyToken(t.app, session.access_token);
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ aal: 'aal1' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/user/me',
      headers: bearer(session.access_token),
    });
    expect(me.json()).toMatchObject({ mfa_enabled: true });
    expect((await login(t.app, email, password)).json()).toMatchObject({ mfa_required: true });
  });

  it('refuses a second enrolment while a factor is active', async () => {
    const { session } = await registerWithMfa(t.app, clock);
    const res = await enroll(t.app, session.access_token);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'mfa_already_enabled' });
  });

  it('stores the secret encrypted and the recovery codes only as hashes', async () => {
    const { userId, secret, recoveryCodes } = await registerWithMfa(t.app, clock);
    const factors: Array<{ status: string; secret_ciphertext: Buffer; last_used_step: string }> =
      await db().query(
        `SELECT status, secret_ciphertext, last_used_step FROM mfa_factors WHERE user_id = $1`,
        [userId],
      );
    expect(factors).toHaveLength(1);
    const [factor] = factors;
    expect(factor!.status).toBe('active');
    expect(factor!.last_used_step).not.toBeNull();
    expect(factor!.secret_ciphertext).toHaveLength(12 + 16 + 20);
    const raw = Buffer.from(new ScureBase32Plugin().decode(secret));
    expect(raw).toHaveLength(20);
    expect(factor!.secret_ciphertext.includes(raw)).toBe(false);
    expect(factor!.secret_ciphertext.toString('latin1')).not.toContain(secret);

    const stored: Array<{ code_hash: Buffer }> = await db().query(
      `SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1`,
      [userId],
    );
    expect(stored).toHaveLength(10);
    const dump = stored.map((row) => row.code_hash.toString('latin1')).join('');
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump.toUpperCase()).not.toContain(code.replace(/-/g, '').toUpperCase());
    }
  });

  it('records mfa.enrolled in the activity feed', async () => {
    const { session } = await registerWithMfa(t.app, clock);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/user/activity',
      headers: bearer(session.access_token),
    });
    const types = res.json().events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('mfa.enrolled');
  });
});
