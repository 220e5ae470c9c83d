import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const PUBLIC_URL = 'http://auth.test';
export const APP_ORIGIN = 'http://app.test';
export const REDIRECT_TO = `${APP_ORIGIN}/signed-in`;

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The value of the binding cookie a response sets. */
export function bindingCookie(setCookie: string | string[] | undefined): string {
  const header = ([] as string[]).concat(setCookie ?? []).find((c) => /^(__Host-)?oauth_binding=/.test(c));
  if (!header) throw new Error('no binding cookie was set');
  return header.split(';')[0]!;
}

export interface Started {
  /** The provider's authorization URL. */
  location: URL;
  /** `name=value` of the binding cookie, to send back with the callback. */
  cookie: string;
  verifier: string;
}

/** GET /v1/oauth/{provider}/authorize as a browser would. */
export async function authorize(
  app: NestFastifyApplication,
  provider: string,
  redirectTo = REDIRECT_TO,
): Promise<Started> {
  const { verifier, challenge } = pkce();
  const res = await app.inject({
    method: 'GET',
    url: `/v1/oauth/${provider}/authorize`,
    query: { redirect_to: redirectTo, code_challenge: challenge, code_challenge_method: 'S256' },
  });
  if (res.statusCode !== 302) throw new Error(`authorize answered ${res.statusCode} ${res.body}`);
  return {
    location: new URL(res.headers.location as string),
    cookie: bindingCookie(res.headers['set-cookie']),
    verifier,
  };
}

/**
 * Follows the provider's redirects by hand, keeping its cookies, until it sends the browser back
 * to this service; returns that callback URL.
 */
export async function throughProvider(start: URL): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!, value.join('='));
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`the provider stopped at ${url.pathname} with ${res.status}: ${await res.text()}`);
    url = new URL(location, url);
    if (url.href.startsWith(`${PUBLIC_URL}/`)) return url;
  }
  throw new Error('too many redirects at the provider');
}

/** The provider's redirect back, delivered to this service with (or without) the browser's cookie. */
export function callback(app: NestFastifyApplication, url: URL, cookie?: string) {
  return app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: cookie ? { cookie } : {},
  });
}

/** Where the callback sent the browser: `redirect_to` with `code` or `error`. */
export function landing(res: { statusCode: number; headers: Record<string, unknown>; body: string }): URL {
  if (res.statusCode !== 302) throw new Error(`callback answered ${res.statusCode} ${res.body}`);
  return new URL(res.headers.location as string);
}

/** A whole sign-in up to the code handed to `redirect_to`. */
export async function signInAtProvider(app: NestFastifyApplication, provider: string) {
  const started = await authorize(app, provider);
  const back = await throughProvider(started.location);
  const landed = landing(await callback(app, back, started.cookie));
  return {
    ...started,
    landed,
    code: landed.searchParams.get('code'),
    error: landed.searchParams.get('error'),
  };
}

export function exchange(app: NestFastifyApplication, code: string, verifier: string) {
  return app.inject({ method: 'POST', url: '/v1/oauth/token', payload: { code, code_verifier: verifier } });
}
