import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, decodeJwt, registerUser, uniqueEmail } from './support/accounts';
import { TestClock } from '@app/core/testing';
import { nextCode, registerWithMfa, verifyMfa } from './support/mfa';
import {
  authorize,
  callback,
  exchange,
  landing,
  pkce,
  PUBLIC_URL,
  REDIRECT_TO,
  signInAtProvider,
  throughProvider,
} from './support/oauth-flow';
import { startTestProviders, TestProviders } from './support/oauth-providers';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('social sign-in', () => {
  let t: TestApp;
  let p: TestProviders;
  let db: DataSource;
  const clock = new TestClock();

  beforeAll(async () => {
    p = await startTestProviders();
    t = await startTestApp(p.env, undefined, { clock });
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
    await p.close();
  });

  const asAccount = (email: string, email_verified = true, sub = randomUUID()) => {
    p.test.account = { sub, email, email_verified };
    return sub;
  };

  async function signedIn(provider = 'test') {
    const flow = await signInAtProvider(t.app, provider);
    expect(flow.error).toBeNull();
    const res = await exchange(t.app, flow.code!, flow.verifier);
    expect(res.statusCode).toBe(200);
    return res.json<{
      user: { id: string; email: string; email_verified: boolean; has_password: boolean };
      session: { access_token: string };
    }>();
  }

  const auditOf = (userId: string) =>
    db.query<Array<{ type: string; metadata: Record<string, unknown> }>>(
      'SELECT type, metadata FROM audit_events WHERE user_id = $1 ORDER BY created_at, id',
      [userId],
    );

  it('lists the configured providers with their type', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/oauth/providers' });
    expect(res.json()).toEqual({
      providers: expect.arrayContaining([
        { name: 'test', type: 'oidc' },
        { name: 'other', type: 'oidc' },
        { name: 'github', type: 'oauth2' },
      ]),
    });
  });

  it('creates a password-less account on a first sign-in with a verified email, and signs in with amr oauth', async () => {
    const email = uniqueEmail();
    asAccount(email);
    const { user, session } = await signedIn();

    expect(user).toMatchObject({ email, email_verified: true, has_password: false });
    expect(decodeJwt(session.access_token).payload).toMatchObject({
      sub: user.id,
      amr: ['oauth'],
      aal: 'aal1',
    });
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/user/me',
      headers: bearer(session.access_token),
    });
    expect(me.json()).toMatchObject({ id: user.id, has_password: false });
    const events = await auditOf(user.id);
    // One transaction stamps the first two alike: their order is not defined.
    expect(events.map((e) => e.type).sort()).toEqual(['login.succeeded', 'oauth.linked', 'user.registered']);
    expect(events.find((e) => e.type === 'login.succeeded')!.metadata).toMatchObject({
      method: 'oauth',
      provider: 'test',
    });
  });

  it('signs a returning user in by provider subject, whatever email the provider now reports', async () => {
    const sub = asAccount(uniqueEmail());
    const first = await signedIn();
    asAccount(uniqueEmail(), false, sub);
    const again = await signedIn();
    expect(again.user.id).toBe(first.user.id);
  });

  it('links a verified provider email onto an account whose email is verified', async () => {
    const account = await registerUser(t.app);
    await db.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [account.userId]);
    asAccount(account.email, true);

    const { user } = await signedIn();
    expect(user).toMatchObject({ id: account.userId, has_password: true });
    expect((await auditOf(account.userId)).map((e) => e.type)).toContain('oauth.linked');
  });

  it('refuses a verified provider email that an unverified account holds (email_taken), linking nothing', async () => {
    const account = await registerUser(t.app);
    asAccount(account.email, true);

    const flow = await signInAtProvider(t.app, 'test');
    expect(flow.error).toBe('email_taken');
    expect(flow.code).toBeNull();
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM identities WHERE user_id = $1', [
      account.userId,
    ]);
    expect(count).toBe(0);
  });

  it('never links or creates an account from an unverified provider email', async () => {
    const account = await registerUser(t.app);
    await db.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [account.userId]);
    asAccount(account.email, false);
    expect((await signInAtProvider(t.app, 'test')).error).toBe('email_not_verified');

    const stranger = uniqueEmail();
    asAccount(stranger, false);
    expect((await signInAtProvider(t.app, 'test')).error).toBe('email_not_verified');
    const rows = await db.query('SELECT id FROM users WHERE email = $1', [stranger]);
    expect(rows).toEqual([]);
  });

  it('asks a user with MFA for the second factor, as after a password', async () => {
    const account = await registerWithMfa(t.app, clock);
    await db.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [account.userId]);
    asAccount(account.email, true);
    const flow = await signInAtProvider(t.app, 'test');

    const step = await exchange(t.app, flow.code!, flow.verifier);
    expect(step.json()).toMatchObject({ mfa_required: true, factors: ['totp'] });
    expect(step.json()).not.toHaveProperty('session');
    const verified = await verifyMfa(t.app, step.json().mfa_token, await nextCode(clock, account.secret));
    const { session } = verified.json<{ session: { access_token: string } }>();
    expect(decodeJwt(session.access_token).payload).toMatchObject({ amr: ['oauth', 'totp'], aal: 'aal2' });
  });

  it('takes a form-POST callback back to a GET, where the browser sends its cookie', async () => {
    asAccount(uniqueEmail());
    const started = await authorize(t.app, 'test');
    const back = await throughProvider(started.location);
    const posted = await t.app.inject({
      method: 'POST',
      url: '/v1/oauth/test/callback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: back.searchParams.toString(),
    });
    expect(posted.statusCode).toBe(303);
    const again = new URL(posted.headers.location as string);
    expect(again.href).toBe(`${PUBLIC_URL}/v1/oauth/test/callback?${back.searchParams.toString()}`);
    expect(landing(await callback(t.app, again, started.cookie)).searchParams.get('code')).toEqual(
      expect.any(String),
    );

    const json = await t.app.inject({
      method: 'POST',
      url: '/v1/oauth/test/callback',
      payload: { state: 'x' },
    });
    expectProblem(json, 400, 'invalid_state');
  });

  it('reports a refusal at the provider as access_denied', async () => {
    asAccount(uniqueEmail());
    p.test.refuseWith = 'access_denied';
    const flow = await signInAtProvider(t.app, 'test');
    expect(flow.error).toBe('access_denied');
    expect(flow.landed.searchParams.get('error_description')).toEqual(expect.any(String));
  });

  it('answers error=user_disabled for a disabled account, and issues no code', async () => {
    asAccount(uniqueEmail());
    const { user } = await signedIn();
    await db.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);

    const flow = await signInAtProvider(t.app, 'test');
    expect(flow.error).toBe('user_disabled');
    expect(flow.code).toBeNull();
  });

  it('refuses our code for an account disabled after the callback with 403 user_disabled', async () => {
    asAccount(uniqueEmail());
    const { user } = await signedIn();
    const flow = await signInAtProvider(t.app, 'test');
    await db.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);
    expectProblem(await exchange(t.app, flow.code!, flow.verifier), 403, 'user_disabled');
  });

  it('signs in with GitHub by its verified primary email', async () => {
    const email = uniqueEmail();
    p.github.account = {
      id: Math.floor(Math.random() * 1e9),
      login: 'octo',
      emails: [
        { email: uniqueEmail(), primary: false, verified: true },
        { email, primary: true, verified: true },
      ],
    };
    const { user } = await signedIn('github');
    expect(user).toMatchObject({ email, email_verified: true, has_password: false });
  });

  it('refuses a GitHub account whose primary email is unverified', async () => {
    p.github.account = {
      id: Math.floor(Math.random() * 1e9),
      login: 'octo',
      emails: [{ email: uniqueEmail(), primary: true, verified: false }],
    };
    expect((await signInAtProvider(t.app, 'github')).error).toBe('email_not_verified');
  });

  it('counts provider sign-ins by method and failures by cause', async () => {
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^auth_logins_total\{method="oauth",result="success"\} [1-9]/m);
    expect(metrics).toMatch(/^auth_logins_total\{method="oauth",result="provider_email_unverified"\} [1-9]/m);
  });

  it('answers 503 for a provider that cannot be reached, and only for it', async () => {
    const query = { redirect_to: REDIRECT_TO, code_challenge: pkce().challenge };
    const res = await t.app.inject({ method: 'GET', url: '/v1/oauth/down/authorize', query });
    expectProblem(res, 503, 'service_unavailable');
    expect((await t.app.inject({ method: 'GET', url: '/v1/oauth/test/authorize', query })).statusCode).toBe(
      302,
    );
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('answers 404 unknown_provider for a provider that is not configured', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/oauth/nope/authorize',
      query: { redirect_to: REDIRECT_TO, code_challenge: pkce().challenge },
    });
    expectProblem(res, 404, 'unknown_provider');
  });
});

describe('social sign-in where emails must be verified first', () => {
  let t: TestApp;
  let p: TestProviders;

  beforeAll(async () => {
    p = await startTestProviders();
    t = await startTestApp({ ...p.env, REQUIRE_EMAIL_VERIFICATION: 'true' });
  });

  afterAll(async () => {
    await t.close();
    await p.close();
  });

  it('refuses a linked provider account whose user has not verified the email (error=email_not_verified)', async () => {
    const account = await registerUser(t.app);
    const sub = randomUUID();
    await t.app
      .get(DataSource)
      .query('INSERT INTO identities (user_id, provider, subject) VALUES ($1, $2, $3)', [
        account.userId,
        'test',
        sub,
      ]);
    p.test.account = { sub, email: uniqueEmail(), email_verified: true };

    const flow = await signInAtProvider(t.app, 'test');
    expect(flow.error).toBe('email_not_verified');
    expect(flow.code).toBeNull();
  });
});
