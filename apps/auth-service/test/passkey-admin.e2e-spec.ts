import { bearer, login, registerUser } from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import {
  addPasskey,
  PASSKEY_ENV,
  PASSKEY_ORIGIN,
  signInWithPasskey,
  SoftwareAuthenticator,
} from './support/passkeys';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('passkeys in the admin API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ...PASSKEY_ENV, ...ADMIN_KEYS_ENV });
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists a passkey among the factors, and the factor reset removes it', async () => {
    const account = await registerUser(t.app);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const passkey = await addPasskey(t.app, account.session.access_token, authenticator);

    const shown = await admin(t.app, 'GET', `/users/${account.userId}`);
    expect(shown.json().factors).toEqual([
      { id: passkey.id, type: 'webauthn', created_at: expect.any(String) },
    ]);

    expect((await admin(t.app, 'DELETE', `/users/${account.userId}/factors`)).statusCode).toBe(204);
    expect((await admin(t.app, 'GET', `/users/${account.userId}`)).json()).toMatchObject({
      factors: [],
      mfa_enabled: false,
    });
    expectProblem(await signInWithPasskey(t.app, authenticator), 401, 'invalid_passkey');
    const signedIn = await login(t.app, account.email, account.password);
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/passkeys',
      headers: bearer(signedIn.json().session.access_token),
    });
    expect(list.json()).toEqual({ passkeys: [] });
  });
});
