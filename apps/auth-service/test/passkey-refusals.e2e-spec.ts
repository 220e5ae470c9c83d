import { DataSource } from 'typeorm';
import { bearer, registerUser } from './support/accounts';
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
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

const EVIL_ORIGIN = 'http://evil.localhost:5173';

describe('passkey refusals', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(PASSKEY_ENV);
  });

  afterAll(async () => {
    await t.close();
  });

  async function accountWithPasskey(authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN)) {
    const account = await registerUser(t.app);
    const passkey = await addPasskey(t.app, account.session.access_token, authenticator);
    return { account, authenticator, passkey };
  }

  function auditTypes(userId: string): Promise<Array<{ type: string; metadata: Record<string, unknown> }>> {
    return t.app
      .get(DataSource)
      .query(`SELECT type, metadata FROM audit_events WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
  }

  describe('at registration', () => {
    it.each<[string, ConstructorParameters<typeof SoftwareAuthenticator>[0], object]>([
      ['a wrong origin', EVIL_ORIGIN, {}],
      ['a wrong RP id', PASSKEY_ORIGIN, { rpId: 'example.com' }],
      ['no user verification', PASSKEY_ORIGIN, { userVerified: false }],
      [
        'a challenge other than the one issued',
        PASSKEY_ORIGIN,
        { challenge: Buffer.alloc(32, 7).toString('base64url') },
      ],
    ])('refuses %s', async (_, origin, wrong) => {
      const account = await registerUser(t.app);
      const { challenge_id, options } = await registrationOptions(t.app, account.session.access_token);
      const credential = new SoftwareAuthenticator(origin).create(options, wrong);
      const res = await registerCredential(t.app, account.session.access_token, { challenge_id, credential });
      expectProblem(res, 400, 'invalid_passkey');
      expect((await auditTypes(account.userId)).filter((e) => e.type === 'mfa.failed')).toEqual([
        {
          type: 'mfa.failed',
          metadata: { action: 'add_passkey', method: 'webauthn', reason: 'invalid_passkey' },
        },
      ]);
      const list = await t.app.inject({
        method: 'GET',
        url: '/v1/passkeys',
        headers: bearer(account.session.access_token),
      });
      expect(list.json()).toEqual({ passkeys: [] });
    });

    it('refuses a replayed challenge and the challenge of another user', async () => {
      const account = await registerUser(t.app);
      const other = await registerUser(t.app);
      const { challenge_id, options } = await registrationOptions(t.app, account.session.access_token);
      const authenticator = new SoftwareAuthenticator(PASSKEY_ORIGIN);
      const foreign = await registerCredential(t.app, other.session.access_token, {
        challenge_id,
        credential: authenticator.create(options),
      });
      expectProblem(foreign, 400, 'invalid_passkey');
      // The foreign attempt spent it: a challenge works once, whoever tries.
      const replay = await registerCredential(t.app, account.session.access_token, {
        challenge_id,
        credential: authenticator.create(options),
      });
      expectProblem(replay, 400, 'invalid_passkey');
    });

    it('refuses a credential that is already registered', async () => {
      const { account, authenticator } = await accountWithPasskey();
      const session = (await signInWithPasskey(t.app, authenticator)).json().session;
      const { challenge_id, options } = await registrationOptions(t.app, session.access_token);
      const res = await registerCredential(t.app, session.access_token, {
        challenge_id,
        credential: authenticator.create(options),
      });
      expectProblem(res, 400, 'invalid_passkey');
      expect(account.userId).toBeDefined();
    });

    it.each([null, true, 123, [], 'x', '', { id: 'abc' }])(
      'refuses a credential of %j',
      async (credential) => {
        const account = await registerUser(t.app);
        const { challenge_id } = await registrationOptions(t.app, account.session.access_token);
        const res = await registerCredential(t.app, account.session.access_token, {
          challenge_id,
          credential,
        });
        expectProblem(res, 400, 'validation_failed');
      },
    );

    it('refuses a well-shaped credential holding junk', async () => {
      const account = await registerUser(t.app);
      const { challenge_id } = await registrationOptions(t.app, account.session.access_token);
      const res = await registerCredential(t.app, account.session.access_token, {
        challenge_id,
        credential: {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' },
        },
      });
      expectProblem(res, 400, 'invalid_passkey');
    });
  });

  describe('at sign-in', () => {
    it.each<[string, object]>([
      ['a wrong origin', { origin: EVIL_ORIGIN }],
      ['a wrong RP id', { rpId: 'example.com' }],
      ['no user verification', { userVerified: false }],
      ['a bad signature', { corruptSignature: true }],
      ['a challenge other than the one issued', { challenge: Buffer.alloc(32, 9).toString('base64url') }],
    ])('refuses %s', async (_, wrong) => {
      const { account, authenticator } = await accountWithPasskey();
      const res = await signInWithPasskey(t.app, authenticator, wrong);
      expectProblem(res, 401, 'invalid_passkey');
      const failed = (await auditTypes(account.userId)).filter((e) => e.type === 'login.failed');
      expect(failed).toEqual([
        { type: 'login.failed', metadata: expect.objectContaining({ method: 'webauthn' }) },
      ]);
    });

    it('answers user_disabled to a disabled account, once its passkey has verified', async () => {
      const { account, authenticator } = await accountWithPasskey();
      await t.app.get(DataSource).query(`UPDATE users SET disabled = true WHERE id = $1`, [account.userId]);
      expectProblem(await signInWithPasskey(t.app, authenticator), 403, 'user_disabled');
      expectProblem(
        await signInWithPasskey(t.app, authenticator, { corruptSignature: true }),
        401,
        'invalid_passkey',
      );
    });

    it('answers email_not_verified while REQUIRE_EMAIL_VERIFICATION holds, once its passkey has verified', async () => {
      const { account, authenticator } = await accountWithPasskey();
      const strict = await startTestApp({ ...PASSKEY_ENV, REQUIRE_EMAIL_VERIFICATION: 'true' });
      try {
        expectProblem(await signInWithPasskey(strict.app, authenticator), 403, 'email_not_verified');
        expectProblem(
          await signInWithPasskey(strict.app, authenticator, { corruptSignature: true }),
          401,
          'invalid_passkey',
        );
        const failed = (await auditTypes(account.userId)).filter((e) => e.type === 'login.failed');
        expect(failed[0]).toEqual({
          type: 'login.failed',
          metadata: { method: 'webauthn', reason: 'email_not_verified' },
        });
        await t.app
          .get(DataSource)
          .query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [account.userId]);
        expect((await signInWithPasskey(strict.app, authenticator)).statusCode).toBe(200);
      } finally {
        await strict.close();
      }
    });

    it('refuses a user handle other than the one the passkey was made for, and accepts none', async () => {
      const { authenticator } = await accountWithPasskey();
      const { challenge_id, options } = await signInOptions(t.app);
      const credential = authenticator.get(options);
      const foreign = { ...credential.response, userHandle: Buffer.alloc(32, 3).toString('base64url') };
      const res = await passkeyLogin(t.app, {
        challenge_id,
        credential: { ...credential, response: foreign },
      });
      expectProblem(res, 401, 'invalid_passkey');

      const again = await signInOptions(t.app);
      const anonymous = authenticator.get(again.options);
      const withoutHandle = { ...anonymous, response: { ...anonymous.response, userHandle: null } };
      const ok = await passkeyLogin(t.app, { challenge_id: again.challenge_id, credential: withoutHandle });
      expect(ok.statusCode).toBe(200);
    });

    it('refuses an unknown credential', async () => {
      const res = await signInWithPasskey(t.app, new SoftwareAuthenticator(PASSKEY_ORIGIN));
      expectProblem(res, 401, 'invalid_passkey');
    });

    it('refuses a replayed challenge', async () => {
      const { authenticator } = await accountWithPasskey();
      const { challenge_id, options } = await signInOptions(t.app);
      expect(
        (await passkeyLogin(t.app, { challenge_id, credential: authenticator.get(options) })).statusCode,
      ).toBe(200);
      const replay = await passkeyLogin(t.app, { challenge_id, credential: authenticator.get(options) });
      expectProblem(replay, 401, 'invalid_passkey');
    });

    it('refuses a registration challenge', async () => {
      const { account, authenticator } = await accountWithPasskey();
      const session = (await signInWithPasskey(t.app, authenticator)).json().session;
      const { challenge_id, options } = await registrationOptions(t.app, session.access_token);
      const res = await passkeyLogin(t.app, {
        challenge_id,
        credential: authenticator.get({ challenge: options.challenge, rpId: 'localhost' }),
      });
      expectProblem(res, 401, 'invalid_passkey');
      expect(account.userId).toBeDefined();
    });

    it('refuses the credential of another user than the email named', async () => {
      const { account } = await accountWithPasskey();
      const { authenticator: theirs } = await accountWithPasskey();
      const res = await signInWithPasskey(t.app, theirs, {}, { email: account.email });
      expectProblem(res, 401, 'invalid_passkey');
      const nobody = await signInWithPasskey(t.app, theirs, {}, { email: `nobody-${account.email}` });
      expectProblem(nobody, 401, 'invalid_passkey');
    });

    it('refuses a counter that goes backwards, and audits a possible clone', async () => {
      const { account, authenticator, passkey } = await accountWithPasskey();
      expect((await signInWithPasskey(t.app, authenticator, { signCount: 10 })).statusCode).toBe(200);
      const res = await signInWithPasskey(t.app, authenticator, { signCount: 5 });
      expectProblem(res, 401, 'invalid_passkey');
      const same = await signInWithPasskey(t.app, authenticator, { signCount: 10 });
      expectProblem(same, 401, 'invalid_passkey');
      const clones = (await auditTypes(account.userId)).filter((e) => e.type === 'passkey.clone_suspected');
      expect(clones).toEqual([
        expect.objectContaining({
          metadata: { passkey_id: passkey.id, stored_count: 10, received_count: 5 },
        }),
        expect.objectContaining({
          metadata: { passkey_id: passkey.id, stored_count: 10, received_count: 10 },
        }),
      ]);
      expect((await signInWithPasskey(t.app, authenticator, { signCount: 11 })).statusCode).toBe(200);
    });

    it('accepts authenticators that never count', async () => {
      const { authenticator } = await accountWithPasskey(
        new SoftwareAuthenticator(PASSKEY_ORIGIN, { counts: false }),
      );
      expect((await signInWithPasskey(t.app, authenticator)).statusCode).toBe(200);
      expect((await signInWithPasskey(t.app, authenticator)).statusCode).toBe(200);
    });

    it('gives one session for two concurrent uses of one challenge', async () => {
      const { authenticator } = await accountWithPasskey(
        new SoftwareAuthenticator(PASSKEY_ORIGIN, { counts: false }),
      );
      const { challenge_id, options } = await signInOptions(t.app);
      const credential = authenticator.get(options);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => passkeyLogin(t.app, { challenge_id, credential })),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401]);
    });

    it.each([null, true, 123, [], 'x', '', { id: 'abc' }])(
      'refuses a credential of %j',
      async (credential) => {
        const { challenge_id } = await signInOptions(t.app);
        expectProblem(await passkeyLogin(t.app, { challenge_id, credential }), 400, 'validation_failed');
      },
    );

    it.each([true, 123, [], {}, '', 'x'.repeat(300), 'not-an-email'])(
      'refuses options for an email of %j',
      async (email) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/passkeys/login/options',
          payload: { email },
        });
        expectProblem(res, 400, 'validation_failed');
      },
    );
  });
});
