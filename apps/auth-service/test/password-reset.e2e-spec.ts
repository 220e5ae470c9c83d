import { TestClock } from '@app/core/testing';
import { SmtpInbox } from '@app/notifications/testing';
import { login, refresh, registerUser, uniqueEmail, verifyToken } from './support/accounts';
import { emailedCode, resetPassword } from './support/otp';
import { startTestApp, TestApp } from './support/test-app';

describe('POST /v1/password/reset', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  const clock = new TestClock();
  const newPassword = 'a brand new passphrase 2026';

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    t = await startTestApp({ MAIL_PROVIDER: 'smtp', SMTP_URL: inbox.url }, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
    await inbox.close();
  });

  beforeEach(() => clock.advance(3600));

  it('sets the new password, ends every session and releases the sign-in lock', async () => {
    const { email, password, session } = await registerUser(t.app);
    const other = (await login(t.app, email, password)).json().session;
    for (let i = 0; i < 5; i++) await login(t.app, email, `wrong-guess-${i}`);
    expect((await login(t.app, email, password)).statusCode).toBe(429);

    const { code, mail } = await emailedCode(t.app, inbox, email, 'password_reset');
    expect(mail.subject).toBe('Your password reset code');
    const res = await resetPassword(t.app, { channel: 'email', email, code, new_password: newPassword });
    expect(res.statusCode).toBe(204);

    for (const s of [session, other]) {
      expect((await verifyToken(t.app, s.access_token)).statusCode).toBe(401);
      expect((await refresh(t.app, s.refresh_token)).statusCode).toBe(401);
    }
    expect((await login(t.app, email, password)).statusCode).toBe(401);
    expect((await login(t.app, email, newPassword)).statusCode).toBe(200);
    expect(
      (await resetPassword(t.app, { channel: 'email', email, code, new_password: newPassword })).statusCode,
    ).toBe(400);
  });

  it('refuses a weak password without spending the code', async () => {
    const { email } = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, email, 'password_reset');
    for (const weak of ['password', email]) {
      const res = await resetPassword(t.app, { channel: 'email', email, code, new_password: weak });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'weak_password' });
    }
    expect(
      (await resetPassword(t.app, { channel: 'email', email, code, new_password: newPassword })).statusCode,
    ).toBe(204);
  });

  it('takes only a password_reset code for that address', async () => {
    const { email } = await registerUser(t.app);
    const { code: loginCode } = await emailedCode(t.app, inbox, email, 'login');
    const wrongPurpose = await resetPassword(t.app, {
      channel: 'email',
      email,
      code: loginCode,
      new_password: newPassword,
    });
    expect(wrongPurpose.statusCode).toBe(400);
    expect(wrongPurpose.json()).toMatchObject({ code: 'invalid_otp' });
    const stranger = await resetPassword(t.app, {
      channel: 'email',
      email: uniqueEmail(),
      code: '123456',
      new_password: newPassword,
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({ code: 'invalid_otp' });
  });
});
