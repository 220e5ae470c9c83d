import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { bearer, registerUser, uniqueEmail } from './support/accounts';
import {
  bindingCookie,
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

interface IdentityBody {
  id: string;
  provider: string;
  email: string | null;
  created_at: string;
}

function identities(app: NestFastifyApplication, accessToken: string) {
  return app.inject({ method: 'GET', url: '/v1/user/identities', headers: bearer(accessToken) });
}

function unlink(app: NestFastifyApplication, accessToken: string, id: string) {
  return app.inject({ method: 'DELETE', url: `/v1/user/identities/${id}`, headers: bearer(accessToken) });
}

const ADMIN_KEY = 'k'.repeat(40);

describe('linked identities', () => {
  let t: TestApp;
  let p: TestProviders;

  beforeAll(async () => {
    p = await startTestProviders();
    t = await startTestApp({ ...p.env, ADMIN_API_KEYS: `ops:${ADMIN_KEY}` });
  });

  afterAll(async () => {
    await t.close();
    await p.close();
  });

  /** Links `provider` to the account of `accessToken` through the browser flow; returns where it landed. */
  async function link(accessToken: string, provider: string) {
    const { verifier, challenge } = pkce();
    const started = await t.app.inject({
      method: 'POST',
      url: `/v1/user/identities/${provider}`,
      headers: bearer(accessToken),
      payload: { redirect_to: REDIRECT_TO, code_challenge: challenge },
    });
    expect(started.statusCode).toBe(200);
    const url = new URL(started.json<{ url: string }>().url);
    expect(url.href.startsWith(`${PUBLIC_URL}/v1/oauth/${provider}/authorize?`)).toBe(true);
    const opened = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(opened.statusCode).toBe(302);
    const cookie = bindingCookie(opened.headers['set-cookie']);
    const back = await throughProvider(new URL(opened.headers.location as string));
    return { landed: landing(await callback(t.app, back, cookie)), verifier, url };
  }

  it('links a provider to the signed-in account, whatever its email, and lists it', async () => {
    const account = await registerUser(t.app);
    expect((await identities(t.app, account.session.access_token)).json()).toEqual({ identities: [] });
    const providerEmail = uniqueEmail();
    p.test.account = { sub: randomUUID(), email: providerEmail, email_verified: false };

    const { landed, verifier } = await link(account.session.access_token, 'test');
    const signedIn = await exchange(t.app, landed.searchParams.get('code')!, verifier);
    expect(signedIn.json()).toMatchObject({ user: { id: account.userId, email: account.email } });

    const listed = (await identities(t.app, account.session.access_token)).json<{
      identities: IdentityBody[];
    }>();
    expect(listed.identities).toEqual([
      { id: expect.any(String), provider: 'test', email: providerEmail, created_at: expect.any(String) },
    ]);
    // The unverified provider email marks nothing verified.
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/user/me',
      headers: bearer(account.session.access_token),
    });
    expect(me.json()).toMatchObject({ email_verified: false });
  });

  it('refuses a link ticket used twice', async () => {
    const account = await registerUser(t.app);
    p.test.account = { sub: randomUUID(), email: uniqueEmail(), email_verified: true };
    const { url } = await link(account.session.access_token, 'test');
    expectProblem(
      await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` }),
      400,
      'invalid_state',
    );
  });

  it('refuses to link a provider account that another user holds', async () => {
    const sub = randomUUID();
    p.test.account = { sub, email: uniqueEmail(), email_verified: true };
    expect((await signInAtProvider(t.app, 'test')).code).toEqual(expect.any(String));
    const other = await registerUser(t.app);

    const { landed } = await link(other.session.access_token, 'test');
    expect(landed.searchParams.get('error')).toBe('access_denied');
    expect((await identities(t.app, other.session.access_token)).json()).toEqual({ identities: [] });
  });

  it("shows an account's identities to operators in AdminUser", async () => {
    const account = await registerUser(t.app);
    p.test.account = { sub: randomUUID(), email: uniqueEmail(), email_verified: true };
    await link(account.session.access_token, 'test');
    const mine = (await identities(t.app, account.session.access_token)).json<{
      identities: IdentityBody[];
    }>();

    const admin = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/users/${account.userId}`,
      headers: bearer(ADMIN_KEY),
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.json<{ identities: IdentityBody[] }>().identities).toEqual(mine.identities);
  });

  it('unlinks an identity of an account that keeps its password, with an audit event', async () => {
    const account = await registerUser(t.app);
    p.test.account = { sub: randomUUID(), email: uniqueEmail(), email_verified: true };
    await link(account.session.access_token, 'test');
    const [identity] = (await identities(t.app, account.session.access_token)).json<{
      identities: IdentityBody[];
    }>().identities;

    expect((await unlink(t.app, account.session.access_token, identity!.id)).statusCode).toBe(204);
    expect((await identities(t.app, account.session.access_token)).json()).toEqual({ identities: [] });
    const events = await t.app
      .get(DataSource)
      .query('SELECT metadata FROM audit_events WHERE user_id = $1 AND type = $2', [
        account.userId,
        'oauth.unlinked',
      ]);
    expect(events).toEqual([{ metadata: { provider: 'test', identity_id: identity!.id } }]);
  });

  it('refuses to remove the last sign-in method of a password-less account (409 last_sign_in_method)', async () => {
    p.test.account = { sub: randomUUID(), email: uniqueEmail(), email_verified: true };
    const flow = await signInAtProvider(t.app, 'test');
    const { session } = (await exchange(t.app, flow.code!, flow.verifier)).json<{
      session: { access_token: string };
    }>();
    p.github.account = { id: Math.floor(Math.random() * 1e9), login: 'octo', emails: [] };
    await link(session.access_token, 'github');
    const listed = (await identities(t.app, session.access_token)).json<{ identities: IdentityBody[] }>()
      .identities;
    expect(listed.map((i) => i.provider).sort()).toEqual(['github', 'test']);

    // Two concurrent removals: the account keeps one of them.
    const answers = await Promise.all(listed.map((i) => unlink(t.app, session.access_token, i.id)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([204, 409]);
    expectProblem(
      answers.find((a) => a.statusCode === 409)!,
      409,
      'last_sign_in_method',
    );
    expect(
      (await identities(t.app, session.access_token)).json<{ identities: IdentityBody[] }>().identities,
    ).toHaveLength(1);
  });

  it("answers 404 for another user's identity and for ids that are not identities", async () => {
    const owner = await registerUser(t.app);
    p.test.account = { sub: randomUUID(), email: uniqueEmail(), email_verified: true };
    await link(owner.session.access_token, 'test');
    const [identity] = (await identities(t.app, owner.session.access_token)).json<{
      identities: IdentityBody[];
    }>().identities;
    const stranger = await registerUser(t.app);
    for (const id of [identity!.id, randomUUID(), 'not-a-uuid']) {
      expectProblem(await unlink(t.app, stranger.session.access_token, id), 404, 'not_found');
    }
  });

  it('needs a signed-in user, an allow-listed redirect and a configured provider', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/user/identities' }), 401, 'unauthorized');
    const account = await registerUser(t.app);
    const start = (provider: string, redirect_to: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/user/identities/${provider}`,
        headers: bearer(account.session.access_token),
        payload: { redirect_to, code_challenge: pkce().challenge },
      });
    expectProblem(await start('test', 'https://evil.example/'), 400, 'invalid_redirect');
    expectProblem(await start('nope', REDIRECT_TO), 404, 'unknown_provider');
  });
});
