import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import { SmtpInbox, WebhookSink } from '@app/notifications/testing';
import {
  bearer,
  login,
  refresh,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  uniquePhone,
  verifyToken,
} from './support/accounts';
import { registerWithMfa, signInAal2 } from './support/mfa';
import { codeIn, emailedCode } from './support/otp';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('account lifecycle (self-service)', () => {
  let inbox: SmtpInbox;
  let sms: WebhookSink;
  let t: TestApp;
  let db: DataSource;
  const clock = new TestClock();

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    sms = await WebhookSink.start();
    t = await startTestApp(
      { MAIL_PROVIDER: 'smtp', SMTP_URL: inbox.url, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url },
      undefined,
      { clock },
    );
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
    await inbox.close();
    await sms.close();
  });

  beforeEach(() => clock.advance(3600));

  const call = (
    method: 'POST' | 'DELETE',
    url: string,
    token: string,
    payload: Record<string, unknown> = {},
  ) => t.app.inject({ method, url: `/v1${url}`, headers: bearer(token), payload });

  const mailTo = (address: string, after: number) =>
    inbox.waitFor((m) => m.envelope.to.includes(address) && inbox.messages.indexOf(m) >= after);

  const types = async (userId: string) =>
    (
      await db.query<Array<{ type: string }>>(
        'SELECT type FROM audit_events WHERE user_id = $1 ORDER BY created_at',
        [userId],
      )
    ).map((e) => e.type);

  describe('email change', () => {
    it('sends a code to the new address, changes the email only once it is confirmed, and tells the old one', async () => {
      const { email, session, userId } = await registerUser(t.app);
      const next = uniqueEmail();
      const before = inbox.messages.length;

      const sent = await call('POST', '/user/email', session.access_token, { new_email: next });
      expect(sent.statusCode).toBe(202);
      expect(sent.json()).toEqual({ expires_in: 600 });
      const mail = await mailTo(next, before);
      expect(mail.subject).toBe('Confirm your new email address');
      expect(
        (
          await t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(session.access_token) })
        ).json().email,
      ).toBe(email);

      expectProblem(
        await call('POST', '/user/email/verify', session.access_token, { new_email: next, code: '000000' }),
        400,
        'invalid_otp',
      );
      const confirmed = await call('POST', '/user/email/verify', session.access_token, {
        new_email: next,
        code: codeIn(mail.text ?? ''),
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({ id: userId, email: next, email_verified: true });
      const notice = await mailTo(email, before);
      expect(notice.subject).toBe('Your email address was changed');
      expect(notice.text).not.toContain(next);
      expect(await types(userId)).toContain('email.changed');
      expect((await login(t.app, next, STRONG_PASSWORD)).statusCode).toBe(200);
      expectProblem(await login(t.app, email, STRONG_PASSWORD), 401, 'invalid_credentials');
    });

    it('answers 409 email_taken for an address another account holds, and 400 for malformed ones', async () => {
      const other = await registerUser(t.app);
      const { session } = await registerUser(t.app);
      expectProblem(
        await call('POST', '/user/email', session.access_token, { new_email: other.email.toUpperCase() }),
        409,
        'email_taken',
      );
      expectProblem(
        await call('POST', '/user/email', session.access_token, { new_email: 'nope' }),
        400,
        'validation_failed',
      );
      expectProblem(
        await call('POST', '/user/email', session.access_token, { new_email: uniqueEmail(), email: 'x@y.z' }),
        400,
        'validation_failed',
      );
      expectProblem(
        await t.app.inject({ method: 'POST', url: '/v1/user/email', payload: { new_email: uniqueEmail() } }),
        401,
        'unauthorized',
      );
    });

    it('keeps the resend cooldown of the new address', async () => {
      const { session } = await registerUser(t.app);
      const next = uniqueEmail();
      expect((await call('POST', '/user/email', session.access_token, { new_email: next })).statusCode).toBe(
        202,
      );
      const again = await call('POST', '/user/email', session.access_token, { new_email: next });
      expectProblem(again, 429, 'rate_limited');
      expect(again.headers['retry-after']).toBeDefined();
    });

    it('lets one of two accounts racing for the same new address win, the other gets 409', async () => {
      const a = await registerUser(t.app);
      const b = await registerUser(t.app);
      const contested = uniqueEmail();
      const before = inbox.messages.length;
      await call('POST', '/user/email', a.session.access_token, { new_email: contested });
      const first = await mailTo(contested, before);
      const middle = inbox.messages.length;
      await call('POST', '/user/email', b.session.access_token, { new_email: contested });
      const second = await mailTo(contested, middle);

      const results = await Promise.all([
        call('POST', '/user/email/verify', a.session.access_token, {
          new_email: contested,
          code: codeIn(first.text ?? ''),
        }),
        call('POST', '/user/email/verify', b.session.access_token, {
          new_email: contested,
          code: codeIn(second.text ?? ''),
        }),
      ]);

      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expectProblem(
        results.find((r) => r.statusCode === 409)!,
        409,
        'email_taken',
      );
      expect(await db.query('SELECT id FROM users WHERE email = $1', [contested])).toHaveLength(1);
    });

    it("does not accept another account's code", async () => {
      const a = await registerUser(t.app);
      const b = await registerUser(t.app);
      const next = uniqueEmail();
      const before = inbox.messages.length;
      await call('POST', '/user/email', a.session.access_token, { new_email: next });
      const mail = await mailTo(next, before);
      expectProblem(
        await call('POST', '/user/email/verify', b.session.access_token, {
          new_email: next,
          code: codeIn(mail.text ?? ''),
        }),
        400,
        'invalid_otp',
      );
    });
  });

  describe('phone change', () => {
    it('texts a code to the number and sets it verified once confirmed', async () => {
      const { session, userId } = await registerUser(t.app);
      const phone = uniquePhone();
      expect((await call('POST', '/user/phone', session.access_token, { phone })).statusCode).toBe(202);
      const text = JSON.parse(sms.requests.at(-1)!.rawBody.toString('utf8')) as { to: string; body: string };
      expect(text.to).toBe(phone);
      const confirmed = await call('POST', '/user/phone/verify', session.access_token, {
        phone,
        code: codeIn(text.body),
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({ phone, phone_verified: true });
      expect(await types(userId)).toContain('phone.changed');
    });

    it('answers 409 phone_taken and 400 for a malformed number', async () => {
      const phone = uniquePhone();
      await registerUser(t.app, { phone });
      const { session } = await registerUser(t.app);
      expectProblem(await call('POST', '/user/phone', session.access_token, { phone }), 409, 'phone_taken');
      expectProblem(
        await call('POST', '/user/phone', session.access_token, { phone: '12345' }),
        400,
        'validation_failed',
      );
      expectProblem(
        await call('POST', '/user/phone/verify', session.access_token, { phone, code: '123456' }),
        400,
        'invalid_otp',
      );
    });
  });

  describe('DELETE /v1/user', () => {
    it('wants the password, then deletes the account; its tokens die and the email can register again', async () => {
      const { email, session, userId } = await registerUser(t.app);
      expectProblem(
        await call('DELETE', '/user', session.access_token, { password: 'not the password' }),
        401,
        'invalid_credentials',
      );
      expectProblem(await call('DELETE', '/user', session.access_token, {}), 401, 'invalid_credentials');
      expect(
        (await call('DELETE', '/user', session.access_token, { password: STRONG_PASSWORD })).statusCode,
      ).toBe(204);

      expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(401);
      expectProblem(await refresh(t.app, session.refresh_token), 401, 'invalid_refresh_token');
      const trail = await db.query<
        Array<{ type: string; ip: string | null; user_agent: string | null; metadata: object }>
      >('SELECT type, host(ip) AS ip, user_agent, metadata FROM audit_events WHERE user_id = $1', [userId]);
      expect(trail).toEqual([{ type: 'user.deleted', ip: null, user_agent: null, metadata: {} }]);
      expect((await registerUser(t.app, { email })).userId).not.toBe(userId);
    });

    it('wants aal2 when MFA is on', async () => {
      const account = await registerWithMfa(t.app, clock);
      expectProblem(
        await call('DELETE', '/user', account.session.access_token, { password: account.password }),
        403,
        'insufficient_aal',
      );
      const aal2 = await signInAal2(t.app, clock, account);
      expect(
        (await call('DELETE', '/user', aal2.access_token, { password: account.password })).statusCode,
      ).toBe(204);
    });

    it('takes a fresh email code of purpose verify for an account without a password', async () => {
      const { email, session, userId } = await registerUser(t.app);
      await db.query('UPDATE users SET password_hash = NULL WHERE id = $1', [userId]);
      expectProblem(
        await call('DELETE', '/user', session.access_token, { password: STRONG_PASSWORD }),
        401,
        'invalid_credentials',
      );
      expectProblem(
        await call('DELETE', '/user', session.access_token, { code: '123456' }),
        401,
        'invalid_credentials',
      );
      const { code } = await emailedCode(t.app, inbox, email, 'verify');
      expect((await call('DELETE', '/user', session.access_token, { code })).statusCode).toBe(204);
      expect(await db.query('SELECT id FROM users WHERE id = $1', [userId])).toEqual([]);
    });
  });
});
