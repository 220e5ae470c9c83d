import { TestClock } from '@app/core/testing';
import { SmtpInbox } from '@app/notifications/testing';
import { registerUser } from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import { emailedCode, verifyOtp } from './support/otp';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('a disabled account and passwordless sign-in', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    t = await startTestApp({ ...ADMIN_KEYS_ENV, MAIL_PROVIDER: 'smtp', SMTP_URL: inbox.url }, undefined, {
      clock,
    });
  });

  afterAll(async () => {
    await t.close();
    await inbox.close();
  });

  it('answers 403 user_disabled to a right code only, leaves the code unspent, and signs in once enabled', async () => {
    const { email, userId } = await registerUser(t.app);
    await admin(t.app, 'PATCH', `/users/${userId}`, { disabled: true });
    const { code } = await emailedCode(t.app, inbox, email, 'login');

    expectProblem(
      await verifyOtp(t.app, {
        channel: 'email',
        purpose: 'login',
        email,
        code: code === '000000' ? '111111' : '000000',
      }),
      400,
      'invalid_otp',
    );
    expectProblem(
      await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code }),
      403,
      'user_disabled',
    );

    await admin(t.app, 'PATCH', `/users/${userId}`, { disabled: false });
    const signedIn = await verifyOtp(t.app, { channel: 'email', purpose: 'login', email, code });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toHaveProperty('session');
  });
});
