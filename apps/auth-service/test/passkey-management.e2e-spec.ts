import { DataSource } from 'typeorm';
import { TestClock } from '@app/core/testing';
import { bearer, login, registerUser, verifyToken } from './support/accounts';
import { nextCode, registerWithMfa, signInAal2 } from './support/mfa';
import {
  addPasskey,
  PASSKEY_ENV,
  PASSKEY_ORIGIN,
  passkeySession,
  SoftwareAuthenticator,
} from './support/passkeys';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('passkey management', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp(PASSKEY_ENV, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  const list = (token: string) =>
    t.app.inject({ method: 'GET', url: '/v1/passkeys', headers: bearer(token) });
  const rename = (token: string, id: string, payload: object) =>
    t.app.inject({ method: 'PATCH', url: `/v1/passkeys/${id}`, headers: bearer(token), payload });
  const remove = (token: string, id: string) =>
    t.app.inject({ method: 'DELETE', url: `/v1/passkeys/${id}`, headers: bearer(token) });
  const me = async (token: string) =>
    (await t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(token) })).json<{
      mfa_enabled: boolean;
      has_password: boolean;
    }>();

  /** An account with two passkeys, and a session signed in with the first one. */
  async function accountWithTwoPasskeys() {
    const account = await registerUser(t.app);
    const first = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const second = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const one = await addPasskey(t.app, account.session.access_token, first);
    const session = await passkeySession(t.app, first);
    const two = await addPasskey(t.app, session.access_token, second);
    return { account, second, one, session, two };
  }

  it('renames a passkey of the user, and no one else', async () => {
    const account = await registerUser(t.app);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const passkey = await addPasskey(t.app, account.session.access_token, authenticator);
    expect(passkey.name).toBe('Passkey');
    const session = await passkeySession(t.app, authenticator);

    const renamed = await rename(session.access_token, passkey.id, { name: 'Phone' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: passkey.id, name: 'Phone' });
    expect((await list(session.access_token)).json().passkeys).toEqual([
      expect.objectContaining({ name: 'Phone' }),
    ]);

    const other = await registerUser(t.app);
    expectProblem(await rename(other.session.access_token, passkey.id, { name: 'Mine' }), 404, 'not_found');
    expectProblem(await rename(other.session.access_token, 'not-a-uuid', { name: 'Mine' }), 404, 'not_found');
    for (const name of [null, '', '  ', 123, 'x'.repeat(101), 'a\u0000b']) {
      expectProblem(await rename(session.access_token, passkey.id, { name }), 400, 'validation_failed');
    }
    expectProblem(await remove(other.session.access_token, passkey.id), 404, 'not_found');
  });

  it('wants aal2 to add or remove a passkey once MFA is on', async () => {
    const account = await registerUser(t.app);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const passkey = await addPasskey(t.app, account.session.access_token, authenticator);
    // The registration session stays aal1 after adding the first passkey.
    const aal1 = account.session.access_token;
    const options = await t.app.inject({
      method: 'POST',
      url: '/v1/passkeys/register/options',
      headers: bearer(aal1),
    });
    expectProblem(options, 403, 'insufficient_aal');
    expectProblem(await remove(aal1, passkey.id), 403, 'insufficient_aal');
    expect((await list(aal1)).json().passkeys).toHaveLength(1);
  });

  it('ends the other sessions when the first passkey turns MFA on', async () => {
    const account = await registerUser(t.app);
    const before = (await login(t.app, account.email, account.password)).json().session;
    await addPasskey(t.app, account.session.access_token, new SoftwareAuthenticator(PASSKEY_ORIGIN));
    expect((await verifyToken(t.app, before.access_token)).statusCode).toBe(401);
    expect((await verifyToken(t.app, account.session.access_token)).statusCode).toBe(200);
  });

  it('turns MFA off when the last second factor goes, as removing TOTP does', async () => {
    const { account, second, one, session, two } = await accountWithTwoPasskeys();
    const bystander = await passkeySession(t.app, second);

    expect((await remove(session.access_token, one.id)).statusCode).toBe(204);
    expect((await me(session.access_token)).mfa_enabled).toBe(true);
    expect((await verifyToken(t.app, bystander.access_token)).statusCode).toBe(200);

    expect((await remove(session.access_token, two.id)).statusCode).toBe(204);
    expect((await me(session.access_token)).mfa_enabled).toBe(false);
    expect((await verifyToken(t.app, bystander.access_token)).statusCode).toBe(401);
    expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(200);
    expect((await list(session.access_token)).json()).toEqual({ passkeys: [] });
    expectProblem(await remove(session.access_token, two.id), 404, 'not_found');

    const step = await login(t.app, account.email, account.password);
    expect(step.json()).toMatchObject({ session: expect.any(Object) });

    const activity = await t.app.inject({
      method: 'GET',
      url: '/v1/user/activity',
      headers: bearer(session.access_token),
    });
    const types = activity.json().events.map((e: { type: string }) => e.type);
    expect(types.filter((type: string) => type === 'passkey.removed')).toHaveLength(2);
    expect(types).toContain('mfa.disabled');
  });

  it('keeps MFA on with TOTP when the passkey goes, and with the passkey when TOTP goes', async () => {
    const account = await registerWithMfa(t.app, clock);
    const aal2 = await signInAal2(t.app, clock, account);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    await addPasskey(t.app, aal2.access_token, authenticator);
    expect((await login(t.app, account.email, account.password)).json().factors).toEqual([
      'totp',
      'webauthn',
    ]);

    const disabled = await t.app.inject({
      method: 'DELETE',
      url: '/v1/mfa/totp',
      headers: bearer(aal2.access_token),
      payload: { code: await nextCode(clock, account.secret) },
    });
    expect(disabled.statusCode).toBe(204);
    expect((await me(aal2.access_token)).mfa_enabled).toBe(true);
    expect((await login(t.app, account.email, account.password)).json().factors).toEqual(['webauthn']);
  });

  it('refuses to remove the last way to sign in of an account without a password', async () => {
    const { account, one, session, two } = await accountWithTwoPasskeys();
    await t.app
      .get(DataSource)
      .query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [account.userId]);
    expect((await me(session.access_token)).has_password).toBe(false);

    expect((await remove(session.access_token, one.id)).statusCode).toBe(204);
    expectProblem(await remove(session.access_token, two.id), 409, 'last_sign_in_method');
    expect((await list(session.access_token)).json().passkeys).toEqual([
      expect.objectContaining({ id: two.id }),
    ]);
    expect((await me(session.access_token)).mfa_enabled).toBe(true);
  });
});
