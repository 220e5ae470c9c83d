import { registerUser } from './support/accounts';
import {
  addPasskey,
  PASSKEY_ENV,
  PASSKEY_ORIGIN,
  signInWithPasskey,
  SoftwareAuthenticator,
} from './support/passkeys';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('passkey sign-in limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      ...PASSKEY_ENV,
      RATE_LIMIT_PASSKEY_CREDENTIAL: '3/600',
      RATE_LIMIT_PASSKEY_LOGIN_IP: '6/600',
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts attempts per credential, whatever the IP, and per IP', async () => {
    const account = await registerUser(t.app);
    const mine = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    await addPasskey(t.app, account.session.access_token, mine);

    expect((await signInWithPasskey(t.app, mine, { corruptSignature: true })).statusCode).toBe(401);
    expect((await signInWithPasskey(t.app, mine, { corruptSignature: true })).statusCode).toBe(401);
    expect((await signInWithPasskey(t.app, mine)).statusCode).toBe(200);
    // The credential's fourth attempt: refused before it is checked, even with a good signature.
    const limited = await signInWithPasskey(t.app, mine);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const other = new SoftwareAuthenticator(PASSKEY_ORIGIN);
    expect((await signInWithPasskey(t.app, other)).statusCode).toBe(401);
    expect((await signInWithPasskey(t.app, other)).statusCode).toBe(401);
    // The IP's seventh attempt.
    expectProblem(await signInWithPasskey(t.app, other), 429, 'rate_limited');
  });
});
