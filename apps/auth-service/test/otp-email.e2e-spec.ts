import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import { SmtpInbox } from '@app/notifications/testing';
import { decodeJwt, login, registerUser, uniqueEmail } from './support/accounts';
import { refuseSessions } from './support/faults';
import { codeIn, emailedCode, sendOtp, verifyOtp } from './support/otp';
import { giveActiveTotpFactor } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('one-time codes by email', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    t = await startTestApp(
      { MAIL_PROVIDER: 'smtp', SMTP_URL: inbox.url, MAIL_FROM: 'Auth <auth@example.test>' },
      undefined,
      {
        clock,
      },
    );
  });

  afterAll(async () => {
    await t.close();
    await inbox.close();
  });

  /** Each test's address starts its own cooldown; moving the clock keeps tests independent. */
  beforeEach(() => clock.advance(3600));

  it('verifies an email address with a code that states its purpose and lifetime', async () => {
    const { email, userId } = await registerUser(t.app);
    const sent = await sendOtp(t.app, { channel: 'email', purpose: 'verify', email });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ expires_in: 600 });

    const mail = await inbox.waitFor((m) => m.envelope.to.includes(email));
    expect(mail.from).toContain('auth@example.test');
    expect(mail.subject).toBe('Your verification code');
    expect(mail.text).toMatch(/10 minutes/);
    expect(mail.html).not.toMatch(/https?:|<img|<link|<script/i);
    const code = codeIn(mail.text ?? '');
    expect(mail.html).toContain(code);

    const verified = await verifyOtp(t.app, { channel: 'email', purpose: 'verify', email, code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user).toMatchObject({ id: userId, email, email_verified: true });

    const events: Array<{ type: string }> = await t.app
      .get(DataSource)
      .query(`SELECT type FROM audit_events WHERE user_id = $1 ORDER BY created_at`, [userId]);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['otp.sent', 'otp.verified', 'email.verified']),
    );
  });

  it('signs in without a password', async () => {
    const { email, userId } = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, email, 'login');
    const res = await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(decodeJwt(res.json().session.access_token).payload).toMatchObject({ sub: userId, amr: ['otp'] });
  });

  it('leaves the code usable when the session of a passwordless sign-in cannot be stored', async () => {
    const { email } = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, email, 'login');
    const payload = { channel: 'email', purpose: 'login', email, code };
    const { userAgent, allow } = await refuseSessions(t.app.get(DataSource));
    try {
      const failed = await t.app.inject({
        method: 'POST',
        url: '/v1/otp/verify',
        headers: { 'user-agent': userAgent },
        payload,
      });
      expect(failed.statusCode).toBe(500);
    } finally {
      await allow();
    }
    expect((await verifyOtp(t.app, payload)).statusCode).toBe(200);
  });

  it('stops an MFA user at the MFA step', async () => {
    const { email, userId } = await registerUser(t.app);
    await giveActiveTotpFactor(t.app.get(DataSource), userId);
    const { code } = await emailedCode(t.app, inbox, email, 'login');
    const res = await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfa_required: true, factors: ['totp'] });
    expect(res.json()).not.toHaveProperty('session');
  });

  it('refuses wrong, used and expired codes with one answer', async () => {
    const { email } = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, email, 'login');
    const wrong = code === '000000' ? '111111' : '000000';
    const attempt = (c: string) => verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code: c });

    const bad = await attempt(wrong);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_otp' });
    expect((await attempt(code)).statusCode).toBe(200);
    const used = await attempt(code);
    expect(used.statusCode).toBe(400);
    expect(used.json()).toMatchObject({ code: 'invalid_otp' });

    clock.advance(120);
    const second = await emailedCode(t.app, inbox, email, 'login');
    clock.advance(601);
    const expired = await attempt(second.code);
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ code: 'invalid_otp' });
  });

  it('kills a code after OTP_MAX_ATTEMPTS wrong tries: the right code then fails too', async () => {
    const { email } = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, email, 'login');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(
        (await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code: wrong })).statusCode,
      ).toBe(400);
    }
    const dead = await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code });
    expect(dead.statusCode).toBe(429);
    expect(dead.json()).toMatchObject({ code: 'otp_attempts_exceeded' });
  });

  it('replaces the previous code on a new send, and enforces the resend cooldown', async () => {
    const { email } = await registerUser(t.app);
    const first = await emailedCode(t.app, inbox, email, 'login');
    const tooSoon = await sendOtp(t.app, { channel: 'email', purpose: 'login', email });
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);

    clock.advance(61);
    const second = await emailedCode(t.app, inbox, email, 'login');
    if (first.code !== second.code) {
      expect(
        (await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code: first.code })).statusCode,
      ).toBe(400);
    }
    expect(
      (await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code: second.code })).statusCode,
    ).toBe(200);
  });

  it('answers an unknown address exactly like a known one, and sends nothing', async () => {
    const { email } = await registerUser(t.app);
    const unknown = uniqueEmail();
    const known = await sendOtp(t.app, { channel: 'email', purpose: 'login', email });
    const stranger = await sendOtp(t.app, { channel: 'email', purpose: 'login', email: unknown });
    expect(stranger.statusCode).toBe(known.statusCode);
    expect(stranger.json()).toEqual(known.json());
    const again = await sendOtp(t.app, { channel: 'email', purpose: 'login', email: unknown });
    expect(again.statusCode).toBe(429);
    await inbox.waitFor((m) => m.envelope.to.includes(email));
    expect(inbox.messages.some((m) => m.envelope.to.includes(unknown))).toBe(false);
    const guess = await verifyOtp(t.app, {
      channel: 'email',
      purpose: 'login',
      email: unknown,
      code: '123456',
    });
    expect(guess.statusCode).toBe(400);
    expect(guess.json()).toMatchObject({ code: 'invalid_otp' });
  });

  it('refuses header-injection addresses, mixed channels and malformed codes before sending', async () => {
    const count = inbox.messages.length;
    for (const payload of [
      { channel: 'email', purpose: 'login', email: 'victim@example.test\r\nBcc: all@example.test' },
      { channel: 'email', purpose: 'login', email: 'a\u0000b@example.test' },
      { channel: 'email', purpose: 'login' },
      { channel: 'email', purpose: 'login', email: uniqueEmail(), phone: '+14155552671' },
      { channel: 'pigeon', purpose: 'login', email: uniqueEmail() },
      { channel: 'email', purpose: 'everything', email: uniqueEmail() },
    ]) {
      const res = await sendOtp(t.app, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const code = await verifyOtp(t.app, {
      channel: 'email',
      purpose: 'login',
      email: uniqueEmail(),
      code: '12ab56',
    });
    expect(code.statusCode).toBe(400);
    expect(code.json()).toMatchObject({ code: 'validation_failed' });
    expect(inbox.messages.length).toBe(count);
  });

  it('answers 503 when the mail server refuses, with nothing half-done', async () => {
    const { email } = await registerUser(t.app);
    inbox.rejectNext();
    const failed = await sendOtp(t.app, { channel: 'email', purpose: 'login', email });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toMatchObject({ code: 'service_unavailable' });
    expect(failed.body).not.toContain(email);
    const { code } = await emailedCode(t.app, inbox, email, 'login');
    expect((await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code })).statusCode).toBe(
      200,
    );
  });

  it('logs no code and no address', async () => {
    const { email } = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, email, 'verify');
    await verifyOtp(t.app, { channel: 'email', purpose: 'verify', email, code });
    expect(t.logs.text()).not.toContain(code);
    expect(t.logs.text()).not.toContain(email);
  });

  it('caps the codes sent to one address per day', async () => {
    const capped = await startTestApp(
      {
        MAIL_PROVIDER: 'smtp',
        SMTP_URL: inbox.url,
        OTP_DAILY_LIMIT_PER_DESTINATION: '2',
        OTP_RESEND_INTERVAL: '0',
      },
      undefined,
      { clock },
    );
    try {
      const { email } = await registerUser(capped.app);
      expect((await sendOtp(capped.app, { channel: 'email', purpose: 'login', email })).statusCode).toBe(202);
      expect((await sendOtp(capped.app, { channel: 'email', purpose: 'verify', email })).statusCode).toBe(
        202,
      );
      const third = await sendOtp(capped.app, { channel: 'email', purpose: 'login', email });
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await capped.close();
    }
  });

  it('gates password sign-in on a verified email when REQUIRE_EMAIL_VERIFICATION is on', async () => {
    const gated = await startTestApp(
      { MAIL_PROVIDER: 'smtp', SMTP_URL: inbox.url, REQUIRE_EMAIL_VERIFICATION: 'true' },
      undefined,
      { clock },
    );
    try {
      const email = uniqueEmail();
      const password = 'a good long passphrase';
      const reg = await gated.app.inject({
        method: 'POST',
        url: '/v1/register',
        payload: { email, password },
      });
      expect(reg.json().session).toBeNull();
      expect((await login(gated.app, email, password)).statusCode).toBe(403);
      const { code } = await emailedCode(gated.app, inbox, email, 'verify');
      expect(
        (await verifyOtp(gated.app, { channel: 'email', purpose: 'verify', email, code })).statusCode,
      ).toBe(200);
      expect((await login(gated.app, email, password)).statusCode).toBe(200);
    } finally {
      await gated.close();
    }
  });
});
