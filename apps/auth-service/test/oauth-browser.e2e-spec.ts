import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { uniqueEmail } from './support/accounts';
import { startTestProviders, TestProviders } from './support/oauth-providers';
import { closedPort } from './support/ports';
import { startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';

/** A page of an example app on an allow-listed origin, served the way any static site would be. */
async function servePage(authUrl: string): Promise<{ server: Server; origin: string }> {
  const html = readFileSync(join(__dirname, 'fixtures', 'sign-in-page.html'), 'utf8').replace(
    '__AUTH_URL__',
    authUrl,
  );
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe('social sign-in in a real browser', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let p: TestProviders;
  let page: { server: Server; origin: string };
  let browser: Browser;

  beforeAll(async () => {
    const port = await closedPort();
    const publicUrl = `http://127.0.0.1:${port}`;
    page = await servePage(publicUrl);
    p = await startTestProviders(publicUrl, page.origin);
    t = await startTestApp({ ...p.env, CORS_ORIGINS: page.origin });
    await t.app.listen({ port, host: '127.0.0.1' });
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
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await p?.close();
    page?.server.close();
  });

  it('signs in through the provider and shows the email once the code is exchanged', async () => {
    const email = uniqueEmail();
    p.test.account = { sub: randomUUID(), email, email_verified: true };
    const context = await browser.newContext();
    const tab = await context.newPage();

    await tab.goto(`${page.origin}/`);
    await tab.click('#sign-in');
    await tab.waitForURL((url) => url.searchParams.has('code') || url.searchParams.has('error'));
    await tab.locator('#status', { hasText: 'Signed in as' }).waitFor();

    expect(await tab.textContent('#status')).toBe(`Signed in as ${email}`);
    await context.close();
  });
});
