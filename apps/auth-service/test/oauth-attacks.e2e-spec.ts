import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { uniqueEmail } from './support/accounts';
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
import { OidcTestProvider } from './support/oidc-test-provider';
import { CLIENT, startTestProviders, TestProviders } from './support/oauth-providers';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

describe('social sign-in under attack', () => {
  let t: TestApp;
  let p: TestProviders;

  beforeAll(async () => {
    p = await startTestProviders();
    t = await startTestApp(p.env);
  });

  afterAll(async () => {
    await t.close();
    await p.close();
  });

  beforeEach(() => {
    p.test.account = { sub: randomUUID(), email: uniqueEmail(), email_verified: true };
    p.test.tamperTokens = undefined;
  });

  describe('redirect_to', () => {
    it.each([
      ['another origin', 'https://evil.example/signed-in'],
      ['userinfo that looks like the allowed host', 'http://app.test@evil.example/signed-in'],
      ['a changed scheme', 'https://app.test/signed-in'],
      ['a changed port', 'http://app.test:8080/signed-in'],
      ['a protocol-relative URL', '//evil.example/signed-in'],
      ['a backslash form', 'http:\\\\evil.example\\signed-in'],
      ['a backslash before userinfo', 'http://app.test\\@evil.example/'],
      ['a look-alike suffix', 'http://app.test.evil.example/signed-in'],
      ['javascript:', 'javascript:alert(document.cookie)'],
      ['a relative path', '/signed-in'],
    ])('refuses %s with 400 invalid_redirect and no redirect', async (_label, redirectTo) => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/oauth/test/authorize',
        query: { redirect_to: redirectTo, code_challenge: pkce().challenge, code_challenge_method: 'S256' },
      });
      expectProblem(res, 400, 'invalid_redirect');
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a plain challenge method and a malformed challenge', async () => {
      const queries: Array<Record<string, string>> = [
        { redirect_to: REDIRECT_TO, code_challenge: pkce().challenge, code_challenge_method: 'plain' },
        { redirect_to: REDIRECT_TO, code_challenge: 'short' },
        { redirect_to: REDIRECT_TO },
      ];
      for (const query of queries) {
        expectProblem(
          await t.app.inject({ method: 'GET', url: '/v1/oauth/test/authorize', query }),
          400,
          'validation_failed',
        );
      }
    });
  });

  describe('state and the browser binding', () => {
    it('refuses a callback without state, or with a forged one, with 400 and no redirect', async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      const missing = new URL(back);
      missing.searchParams.delete('state');
      const forged = new URL(back);
      forged.searchParams.set('state', 'A'.repeat(43));
      for (const url of [missing, forged]) {
        const res = await callback(t.app, url, started.cookie);
        expectProblem(res, 400, 'invalid_state');
        expect(res.headers.location).toBeUndefined();
      }
      // The real callback still works: a refused one spoils nothing.
      expect(landing(await callback(t.app, back, started.cookie)).searchParams.get('code')).toEqual(
        expect.any(String),
      );
    });

    it('refuses a repeated state or code as validation_failed naming it', async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      const doubled = new URL(back);
      doubled.searchParams.append('state', back.searchParams.get('state')!);
      doubled.searchParams.append('code', 'another');
      const problem = expectProblem(await callback(t.app, doubled, started.cookie), 400, 'validation_failed');
      expect(problem.errors?.map((e) => e.field)).toEqual(['state', 'code']);
    });

    it('refuses a replayed state', async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      expect(landing(await callback(t.app, back, started.cookie)).searchParams.has('code')).toBe(true);
      expectProblem(await callback(t.app, back, started.cookie), 400, 'invalid_state');
    });

    it("refuses a callback from a browser without the attempt's cookie (login CSRF)", async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      expectProblem(await callback(t.app, back), 400, 'invalid_state');
      const victim = (await authorize(t.app, 'test')).cookie;
      expectProblem(await callback(t.app, back, victim), 400, 'invalid_state');
    });

    it('sets the binding cookie HttpOnly and SameSite=Lax', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/oauth/test/authorize',
        query: { redirect_to: REDIRECT_TO, code_challenge: pkce().challenge },
      });
      expect(res.headers['set-cookie']).toMatch(
        /^oauth_binding=[\w-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/,
      );
    });

    it('refuses a state taken to the callback of another provider', async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      const elsewhere = new URL(`${PUBLIC_URL}/v1/oauth/other/callback${back.search}`);
      expectProblem(await callback(t.app, elsewhere, started.cookie), 400, 'invalid_state');
    });
  });

  describe('the provider answer', () => {
    async function withTamperedIdToken(change: (claims: Record<string, unknown>) => Promise<string>) {
      p.test.tamperTokens = async (body) => ({
        ...body,
        id_token: await change(OidcTestProvider.claimsOf(body.id_token!)),
      });
      const flow = await signInAtProvider(t.app, 'test');
      return flow;
    }

    it('refuses an ID token with a wrong nonce', async () => {
      const flow = await withTamperedIdToken((claims) => p.test.signIdToken({ ...claims, nonce: 'another' }));
      expect(flow.error).toBe('server_error');
      expect(flow.code).toBeNull();
    });

    it('refuses an ID token for another audience', async () => {
      const flow = await withTamperedIdToken((claims) =>
        p.test.signIdToken({ ...claims, aud: 'another-client', azp: 'another-client' }),
      );
      expect(flow.error).toBe('server_error');
    });

    it('refuses an ID token from another issuer (mix-up)', async () => {
      const flow = await withTamperedIdToken((claims) =>
        p.test.signIdToken({ ...claims, iss: p.other.issuer }),
      );
      expect(flow.error).toBe('server_error');
    });

    it('refuses an ID token signed with a key that is not the issuer’s', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const flow = await withTamperedIdToken((claims) => p.test.signIdToken(claims, privateKey));
      expect(flow.error).toBe('server_error');
    });

    it('refuses an expired ID token', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      const flow = await withTamperedIdToken((claims) =>
        p.test.signIdToken({ ...claims, iat: past, exp: past + 60 }),
      );
      expect(flow.error).toBe('server_error');
    });

    it('refuses an authorization response whose iss names another issuer (RFC 9207 mix-up)', async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      expect(back.searchParams.get('iss')).toBe(p.test.issuer);
      back.searchParams.set('iss', p.other.issuer);
      const landed = landing(await callback(t.app, back, started.cookie));
      expect(landed.searchParams.get('error')).toBe('server_error');
      expect(landed.origin + landed.pathname).toBe(REDIRECT_TO);
    });

    it('refuses an authorization response without iss from a provider that sends it', async () => {
      const started = await authorize(t.app, 'test');
      const back = await throughProvider(started.location);
      back.searchParams.delete('iss');
      expect(landing(await callback(t.app, back, started.cookie)).searchParams.get('error')).toBe(
        'server_error',
      );
    });

    it('refuses a code injected from another attempt', async () => {
      const victim = await authorize(t.app, 'test');
      const victimBack = await throughProvider(victim.location);
      const attacker = await authorize(t.app, 'test');
      const attackerBack = await throughProvider(attacker.location);
      // The attacker's code with the victim's state: PKCE of the victim's attempt does not fit it.
      attackerBack.searchParams.set('state', victimBack.searchParams.get('state')!);
      const landed = landing(await callback(t.app, attackerBack, victim.cookie));
      expect(landed.searchParams.get('error')).toBe('server_error');
    });
  });

  describe('our code', () => {
    it('works once: a replay is invalid_grant', async () => {
      const flow = await signInAtProvider(t.app, 'test');
      expect((await exchange(t.app, flow.code!, flow.verifier)).statusCode).toBe(200);
      expectProblem(await exchange(t.app, flow.code!, flow.verifier), 400, 'invalid_grant');
    });

    it('needs the verifier of its challenge, and a wrong one spends it', async () => {
      const flow = await signInAtProvider(t.app, 'test');
      expectProblem(await exchange(t.app, flow.code!, pkce().verifier), 400, 'invalid_grant');
      expectProblem(await exchange(t.app, flow.code!, flow.verifier), 400, 'invalid_grant');
    });

    it('gives one session to one of two concurrent exchanges', async () => {
      const flow = await signInAtProvider(t.app, 'test');
      const answers = await Promise.all([1, 2, 3].map(() => exchange(t.app, flow.code!, flow.verifier)));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400, 400]);
    });

    it('refuses an unknown code and malformed fields', async () => {
      expectProblem(await exchange(t.app, 'A'.repeat(43), pkce().verifier), 400, 'invalid_grant');
      for (const payload of [
        { code: 'x' },
        { code: 'x', code_verifier: 'short' },
        { code: 1, code_verifier: pkce().verifier },
      ]) {
        expectProblem(
          await t.app.inject({ method: 'POST', url: '/v1/oauth/token', payload }),
          400,
          'validation_failed',
        );
      }
    });
  });

  it('keeps the provider client secret out of every log line', async () => {
    await signInAtProvider(t.app, 'test');
    expect(t.logs.text()).not.toContain(CLIENT.client_secret);
  });
});
