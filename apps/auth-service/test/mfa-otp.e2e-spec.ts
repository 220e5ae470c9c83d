import { TestClock } from '@app/core/testing';
import { SmtpInbox } from '@app/notifications/testing';
import { decodeJwt, login } from './support/accounts';
import { nextCode, registerWithMfa, verifyMfa } from './support/mfa';
import { emailedCode, resetPassword, verifyOtp } from './support/otp';
import { startTestApp, TestApp } from './support/test-app';

describe('MFA after a one-time code', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    t = await startTestApp({ MAIL_PROVIDER: 'smtp', SMTP_URL: inbox.url }, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
    await inbox.close();
  });

  it('stops a passwordless sign-in at the MFA step, then signs in with otp and totp', async () => {
    const account = await registerWithMfa(t.app, clock);
    const { code } = await emailedCode(t.app, inbox, account.email, 'login');

    const step = await verifyOtp(t.app, { channel: 'email', purpose: 'login', email: account.email, code });
    expect(step.statusCode).toBe(200);
    expect(step.json()).toEqual({
      mfa_required: true,
      mfa_token: expect.any(String),
      mfa_token_expires_in: 300,
      factors: ['totp'],
    });

    const res = await verifyMfa(t.app, step.json().mfa_token, await nextCode(clock, account.secret));
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().session.access_token).payload).toMatchObject({
      aal: 'aal2',
      amr: ['otp', 'totp'],
    });
  });

  it('keeps MFA on through a password reset: the next login still asks for the factor', async () => {
    const account = await registerWithMfa(t.app, clock);
    const { code } = await emailedCode(t.app, inbox, account.email, 'password_reset');
    const newPassword = 'a brand new passphrase 7';
    const reset = await resetPassword(t.app, {
      channel: 'email',
      email: account.email,
      code,
      new_password: newPassword,
    });
    expect(reset.statusCode).toBe(204);

    const step = await login(t.app, account.email, newPassword);
    expect(step.statusCode).toBe(200);
    expect(step.json()).toMatchObject({ mfa_required: true });
    expect(step.json()).not.toHaveProperty('session');
    const res = await verifyMfa(t.app, step.json().mfa_token, await nextCode(clock, account.secret));
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ mfa_enabled: true });
  });
});
