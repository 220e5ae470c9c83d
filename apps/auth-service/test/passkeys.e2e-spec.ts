import { bearer, decodeJwt, login, registerUser, verifyToken } from './support/accounts';
import {
  addPasskey,
  PASSKEY_ENV,
  PASSKEY_ORIGIN,
  passkeyLogin,
  registerCredential,
  registrationOptions,
  signInOptions,
  signInWithPasskey,
  SoftwareAuthenticator,
} from './support/passkeys';
import { expectProblem, expectUuid } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('passkey registration and sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(PASSKEY_ENV);
  });

  afterAll(async () => {
    await t.close();
  });

  it('adds a passkey for a signed-in user and signs in with it at aal2', async () => {
    const account = await registerUser(t.app);
    const { challenge_id, options } = await registrationOptions(t.app, account.session.access_token);
    expectUuid(challenge_id);
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Auth service' },
      user: { name: account.email },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      attestation: 'none',
      excludeCredentials: [],
    });
    // The user handle is random: neither the user id nor the email.
    const handle = Buffer.from(options.user.id, 'base64url');
    expect(handle).toHaveLength(32);
    expect(handle.toString('utf8')).not.toContain(account.userId);
    expect(handle.toString('utf8')).not.toContain(account.email);

    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const res = await registerCredential(t.app, account.session.access_token, {
      challenge_id,
      credential: authenticator.create(options),
      name: ' Laptop ',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      name: 'Laptop',
      created_at: expect.any(String),
      last_used_at: null,
      backed_up: false,
      transports: ['internal', 'hybrid'],
    });

    const signedIn = await signInWithPasskey(t.app, authenticator);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    const { user, session } = signedIn.json();
    expect(user).toMatchObject({ id: account.userId, mfa_enabled: true });
    expect(decodeJwt(session.access_token).payload).toMatchObject({
      sub: account.userId,
      aal: 'aal2',
      amr: ['webauthn'],
    });
    expect((await verifyToken(t.app, session.access_token)).json()).toMatchObject({ aal: 'aal2' });

    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/passkeys',
      headers: bearer(session.access_token),
    });
    expect(list.json().passkeys).toEqual([
      expect.objectContaining({ id: res.json().id, last_used_at: expect.any(String) }),
    ]);

    const activity = await t.app.inject({
      method: 'GET',
      url: '/v1/user/activity',
      headers: bearer(session.access_token),
    });
    const types = activity.json().events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['passkey.added', 'mfa.enrolled', 'login.succeeded']));
    const succeeded = activity.json().events.find((e: { type: string }) => e.type === 'login.succeeded');
    expect(succeeded.metadata).toMatchObject({ method: 'webauthn' });
  });

  it('signs in naming the email, with the account passkeys listed', async () => {
    const account = await registerUser(t.app);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    await addPasskey(t.app, account.session.access_token, authenticator);
    const { options } = await signInOptions(t.app, { email: account.email.toUpperCase() });
    expect(options.allowCredentials).toEqual([
      { id: authenticator.credentialId, type: 'public-key', transports: ['internal', 'hybrid'] },
    ]);
    const res = await signInWithPasskey(t.app, authenticator, {}, { email: account.email });
    expect(res.statusCode).toBe(200);
  });

  it('answers login options in the same shape whether or not an account holds the email', async () => {
    const account = await registerUser(t.app);
    await addPasskey(t.app, account.session.access_token, new SoftwareAuthenticator(PASSKEY_ORIGIN));
    const known = await signInOptions(t.app, { email: account.email });
    const unknown = await signInOptions(t.app, { email: `nobody-${account.email}` });
    const shape = (o: typeof known) => ({
      keys: Object.keys(o.options).sort(),
      allow: o.options.allowCredentials?.map((c) => ({
        keys: Object.keys(c).sort(),
        length: Buffer.from(c.id, 'base64url').length,
      })),
    });
    expect(shape(unknown)).toEqual(shape(known));
    // The decoy is stable, so that asking twice tells nothing either.
    const again = await signInOptions(t.app, { email: `nobody-${account.email}` });
    expect(again.options.allowCredentials).toEqual(unknown.options.allowCredentials);

    const discoverable = await signInOptions(t.app);
    expect(discoverable.options).toEqual({
      challenge: expect.any(String),
      rpId: 'localhost',
      timeout: 300000,
      userVerification: 'required',
    });
  });

  it('excludes the credentials the user already has', async () => {
    const account = await registerUser(t.app);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    await addPasskey(t.app, account.session.access_token, authenticator);
    const session = (await signInWithPasskey(t.app, authenticator)).json().session;
    const { options } = await registrationOptions(t.app, session.access_token);
    expect(options.excludeCredentials).toEqual([
      { id: authenticator.credentialId, type: 'public-key', transports: ['internal', 'hybrid'] },
    ]);
    // The same user handle every time.
    const first = await registrationOptions(t.app, session.access_token);
    expect(first.options.user.id).toBe(options.user.id);
  });

  it('lists webauthn among the MFA factors after a password, and completes the step with a passkey', async () => {
    const account = await registerUser(t.app);
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    await addPasskey(t.app, account.session.access_token, authenticator);

    const step = await login(t.app, account.email, account.password);
    expect(step.json()).toMatchObject({ mfa_required: true, factors: ['webauthn'] });
    const mfaToken = step.json().mfa_token;

    const optionsRes = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/webauthn/options',
      payload: { mfa_token: mfaToken },
    });
    expect(optionsRes.statusCode).toBe(200);
    const { challenge_id, options } = optionsRes.json();
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: authenticator.credentialId })]);

    const verified = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/verify',
      payload: { mfa_token: mfaToken, challenge_id, credential: authenticator.get(options) },
    });
    expect(verified.statusCode).toBe(200);
    expect(decodeJwt(verified.json().session.access_token).payload).toMatchObject({
      aal: 'aal2',
      amr: ['pwd', 'webauthn'],
    });
  });

  it('refuses a passkey of another user in the MFA step, and a sign-in challenge there', async () => {
    const account = await registerUser(t.app);
    await addPasskey(t.app, account.session.access_token, new SoftwareAuthenticator(PASSKEY_ORIGIN));
    const other = await registerUser(t.app);
    const otherKey = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    await addPasskey(t.app, other.session.access_token, otherKey);

    const mfaToken = (await login(t.app, account.email, account.password)).json().mfa_token;
    const { challenge_id, options } = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/mfa/webauthn/options',
        payload: { mfa_token: mfaToken },
      })
    ).json();
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/verify',
      payload: { mfa_token: mfaToken, challenge_id, credential: otherKey.get(options) },
    });
    expectProblem(foreign, 401, 'invalid_passkey');

    const signIn = await signInOptions(t.app);
    const wrongChallenge = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/verify',
      payload: {
        mfa_token: mfaToken,
        challenge_id: signIn.challenge_id,
        credential: otherKey.get(signIn.options),
      },
    });
    expectProblem(wrongChallenge, 401, 'invalid_passkey');
  });

  it('refuses a body that carries both a code and a credential, or neither', async () => {
    const both = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/verify',
      payload: {
        mfa_token: 'x',
        code: '123456',
        challenge_id: '00000000-0000-4000-8000-000000000000',
        credential: {},
      },
    });
    expectProblem(both, 400, 'validation_failed');
    const neither = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/verify',
      payload: { mfa_token: 'x' },
    });
    expectProblem(neither, 400, 'validation_failed');
  });

  it('refuses login options for an mfa_token that is not live', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/mfa/webauthn/options',
      payload: { mfa_token: 'not-a-token' },
    });
    expectProblem(res, 401, 'invalid_mfa_token');
  });

  it('refuses a sign-in with a challenge that is not one', async () => {
    const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    const { options } = await signInOptions(t.app);
    const res = await passkeyLogin(t.app, {
      challenge_id: '00000000-0000-4000-8000-000000000000',
      credential: authenticator.get({ ...options, rpId: 'localhost' }),
    });
    expectProblem(res, 401, 'invalid_passkey');
  });
});
