import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import { SmtpInbox } from '@app/notifications/testing';
import { bearer, login, logout, refresh, registerUser, STRONG_PASSWORD } from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import { nextCode, registerWithMfa, signInAal2 } from './support/mfa';
import { emailedCode, resetPassword, verifyOtp } from './support/otp';
import { until } from './support/polling';
import { startTestApp, TestApp } from './support/test-app';
import { ReceivedEvent, TEST_WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

/** Every event of the contract that the account flows of this service produce, one flow at a time. */
describe('webhook events', () => {
  let receiver: WebhookReceiver;
  let inbox: SmtpInbox;
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    inbox = await SmtpInbox.start();
    t = await startTestApp(
      {
        WEBHOOK_URLS: receiver.url,
        WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        MAIL_PROVIDER: 'smtp',
        SMTP_URL: inbox.url,
        ...ADMIN_KEYS_ENV,
      },
      undefined,
      { clock },
    );
  });

  afterAll(async () => {
    await t?.close();
    await inbox?.close();
    await receiver?.close();
  });

  afterEach(() => expect(receiver.rejected).toEqual([]));

  /** Waits for the user's events of `type`, `count` of them. */
  const received = (userId: string, type: string, count = 1): Promise<ReceivedEvent[]> =>
    until(
      async () => receiver.of(userId, type),
      (found) => found.length >= count,
    );

  it('registration: user.created and session.created, signed, in the Standard Webhooks shape', async () => {
    const user = await registerUser(t.app);

    const [created] = await received(user.userId, 'user.created');
    const [session] = await received(user.userId, 'session.created');
    expect(created!.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(created!.data).toEqual({ user_id: user.userId, email: user.email });
    expect(Object.keys(JSON.parse(created!.raw))).toEqual(['type', 'timestamp', 'data']);
    expect(Math.abs(created!.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(new Date(created!.eventTimestamp).toISOString()).toBe(created!.eventTimestamp);
    expect(session!.data).toMatchObject({ user_id: user.userId, session_id: user.session.session_id });
    expect(session!.id).not.toBe(created!.id);
  });

  it('sign-in: session.created with the method; logout and revocation: session.revoked', async () => {
    const user = await registerUser(t.app);
    const signedIn = (await login(t.app, user.email, user.password)).json().session;
    const [, created] = await received(user.userId, 'session.created', 2);
    expect(created!.data).toMatchObject({ session_id: signedIn.session_id, method: 'password' });

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/user/sessions/${signedIn.session_id}`,
      headers: bearer(user.session.access_token),
    });
    expect(del.statusCode).toBe(204);
    const [revoked] = await received(user.userId, 'session.revoked');
    expect(revoked!.data).toMatchObject({ session_id: signedIn.session_id, reason: 'revoked_by_user' });

    expect((await logout(t.app, user.session.access_token, 'global')).statusCode).toBe(204);
    const [, loggedOut] = await received(user.userId, 'session.revoked', 2);
    expect(loggedOut!.data).toMatchObject({ reason: 'logout', scope: 'global', sessions_revoked: 1 });
  });

  it('refresh token reuse: security.refresh_token_reused and session.revoked', async () => {
    const user = await registerUser(t.app);
    expect((await refresh(t.app, user.session.refresh_token)).statusCode).toBe(200);
    clock.advance(15);
    expect((await refresh(t.app, user.session.refresh_token)).statusCode).toBe(401);

    const [reused] = await received(user.userId, 'security.refresh_token_reused');
    expect(reused!.data).toEqual({
      user_id: user.userId,
      email: user.email,
      session_id: user.session.session_id,
    });
    const [revoked] = await received(user.userId, 'session.revoked');
    expect(revoked!.data).toMatchObject({
      reason: 'refresh_token_reused',
      session_id: user.session.session_id,
    });
  });

  it('password change and reset: password.changed, and session.revoked for the sessions they end', async () => {
    const user = await registerUser(t.app);
    await login(t.app, user.email, user.password);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/user/password',
      headers: bearer(user.session.access_token),
      payload: { current_password: user.password, new_password: 'another long passphrase 7' },
    });
    expect(changed.statusCode).toBe(204);
    const [change] = await received(user.userId, 'password.changed');
    expect(change!.data).toEqual({ user_id: user.userId, email: user.email, method: 'change' });
    const [ended] = await received(user.userId, 'session.revoked');
    expect(ended!.data).toMatchObject({ reason: 'password_changed', sessions_revoked: 1 });

    const { code } = await emailedCode(t.app, inbox, user.email, 'password_reset');
    const reset = await resetPassword(t.app, {
      channel: 'email',
      email: user.email,
      code,
      new_password: 'a third long passphrase 8',
    });
    expect(reset.statusCode).toBe(204);
    const [, viaReset] = await received(user.userId, 'password.changed', 2);
    expect(viaReset!.data).toMatchObject({ method: 'reset', channel: 'email' });
  });

  it('email verification: email.verified', async () => {
    const user = await registerUser(t.app);
    const { code } = await emailedCode(t.app, inbox, user.email, 'verify');
    const res = await verifyOtp(t.app, { channel: 'email', purpose: 'verify', email: user.email, code });
    expect(res.statusCode).toBe(200);

    const [verified] = await received(user.userId, 'email.verified');
    expect(verified!.data).toEqual({ user_id: user.userId, email: user.email });
  });

  it('MFA on and off: mfa.enabled and mfa.disabled; an MFA sign-in: session.created', async () => {
    const account = await registerWithMfa(t.app, clock);
    const [enabled] = await received(account.userId, 'mfa.enabled');
    expect(enabled!.data).toMatchObject({ user_id: account.userId, method: 'totp' });
    expect(enabled!.data.factor_id).toEqual(expect.any(String));

    const session = await signInAal2(t.app, clock, account);
    const [, aal2] = await received(account.userId, 'session.created', 2);
    expect(aal2!.data).toMatchObject({ session_id: session.session_id, second_factor: 'totp' });

    const off = await t.app.inject({
      method: 'DELETE',
      url: '/v1/mfa/totp',
      headers: bearer(session.access_token),
      payload: { code: await nextCode(clock, account.secret) },
    });
    expect(off.statusCode).toBe(204);
    const [disabled] = await received(account.userId, 'mfa.disabled');
    expect(disabled!.data).toMatchObject({ user_id: account.userId, method: 'totp' });
  });

  it('account lock: security.account_locked once, when the failures reach the threshold', async () => {
    const user = await registerUser(t.app);
    for (let i = 0; i < 5; i++) expect((await login(t.app, user.email, `wrong-${i}`)).statusCode).toBe(401);
    expect((await login(t.app, user.email, STRONG_PASSWORD)).statusCode).toBe(429);

    const [locked] = await received(user.userId, 'security.account_locked');
    expect(locked!.data).toMatchObject({ user_id: user.userId, email: user.email, locked_seconds: 30 });
    expect(receiver.of(user.userId, 'security.account_locked')).toHaveLength(1);
  });

  it('account administration: user.updated, user.disabled, user.enabled and user.deleted', async () => {
    const user = await registerUser(t.app);
    const patch = (payload: Record<string, unknown>) =>
      admin(t.app, 'PATCH', `/users/${user.userId}`, payload);
    expect((await patch({ display_name: 'Ada' })).statusCode).toBe(200);
    const [updated] = await received(user.userId, 'user.updated');
    expect(updated!.data).toMatchObject({
      user_id: user.userId,
      email: user.email,
      changed: ['display_name'],
    });

    expect((await patch({ disabled: true, disabled_reason: 'chargeback' })).statusCode).toBe(200);
    const [disabled] = await received(user.userId, 'user.disabled');
    expect(disabled!.data).toMatchObject({ user_id: user.userId, email: user.email, actor: 'ops' });
    expect((await patch({ disabled: false })).statusCode).toBe(200);
    const [enabled] = await received(user.userId, 'user.enabled');
    expect(enabled!.data).toMatchObject({ user_id: user.userId, email: user.email });

    expect((await admin(t.app, 'DELETE', `/users/${user.userId}`)).statusCode).toBe(204);
    const [deleted] = await received(user.userId, 'user.deleted');
    expect(deleted!.data).toEqual({ user_id: user.userId, email: user.email, actor: 'ops' });
  });

  it('an account deleted by its holder: user.deleted with the address it had', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/v1/user',
      headers: bearer(user.session.access_token),
      payload: { password: user.password },
    });
    expect(res.statusCode).toBe(204);
    const [deleted] = await received(user.userId, 'user.deleted');
    expect(deleted!.data).toEqual({ user_id: user.userId, email: user.email });
    const trail = await t.app
      .get(DataSource)
      .query(`SELECT metadata FROM audit_events WHERE type = 'user.deleted' AND user_id = $1`, [user.userId]);
    expect(trail).toHaveLength(1);
    expect(JSON.stringify(trail)).not.toContain(user.email);
  });

  it('never carries a password, token or code', () => {
    expect(receiver.events.length).toBeGreaterThan(20);
    for (const { raw } of receiver.events) {
      expect(raw).not.toMatch(
        /"(password|new_password|refresh_token|access_token|code|secret)"\s*:|passphrase|eyJ/,
      );
      expect(raw).not.toContain(STRONG_PASSWORD);
    }
  });
});
