import { chromium, type Browser, type Page } from 'playwright-core';
import { decodeJwt, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { servePasskeyPage } from './support/passkey-page';
import { startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';

interface SignedIn {
  user: { id: string };
  session: { access_token: string };
}

/**
 * A real browser: Chromium with a virtual platform authenticator (CTAP2, internal transport,
 * resident keys, user verification) on a page of an allowed http://localhost origin.
 */
describe('passkeys in a browser', () => {
  let t: TestApp;
  let page: { origin: string; close(): Promise<void> };
  let browser: Browser;
  let tab: Page;
  let api: string;

  beforeAll(async () => {
    page = await servePasskeyPage();
    t = await startTestApp({
      WEBAUTHN_RP_ID: 'localhost',
      WEBAUTHN_ORIGINS: page.origin,
      CORS_ORIGINS: page.origin,
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://localhost:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    tab = await browser.newPage();
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await tab.goto(page.origin);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await page?.close();
  });

  it('registers a passkey while signed in, then signs in with it alone at aal2', async () => {
    const { user, session } = await tab.evaluate(
      ([apiUrl, email, password]) =>
        (globalThis as unknown as PageApi).call(apiUrl, '/v1/register', { body: { email, password } }),
      [api, uniqueEmail(), STRONG_PASSWORD] as const,
    );

    const passkey = await tab.evaluate(
      ([apiUrl, token]) => (globalThis as unknown as PageApi).addPasskey(apiUrl, token),
      [api, session.access_token] as const,
    );
    expect(passkey).toMatchObject({
      id: expect.any(String),
      transports: expect.arrayContaining(['internal']),
    });

    await tab.evaluate(
      ([apiUrl, token]) => (globalThis as unknown as PageApi).call(apiUrl, '/v1/logout', { token }),
      [api, session.access_token] as const,
    );

    const signedIn = await tab.evaluate(
      (apiUrl) => (globalThis as unknown as PageApi).signInWithPasskey(apiUrl),
      api,
    );
    expect(signedIn.user.id).toBe(user.id);
    expect(decodeJwt(signedIn.session.access_token).payload).toMatchObject({
      sub: user.id,
      aal: 'aal2',
      amr: ['webauthn'],
    });
  }, 60_000);
});

/** What the page defines (support/passkey-page.ts). Functions given to `evaluate` run in the page. */
interface PageApi {
  call(api: string, path: string, options: { token?: string; body?: object }): Promise<SignedIn>;
  addPasskey(api: string, token: string): Promise<{ id: string; transports: string[] }>;
  signInWithPasskey(api: string): Promise<SignedIn>;
}
