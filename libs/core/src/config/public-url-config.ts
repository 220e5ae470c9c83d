import { EnvReader } from './env-reader';

/**
 * `PUBLIC_URL`: the external base URL of the service (OAuth callbacks, WebAuthn defaults, links
 * in messages), without a trailing slash. Defaults to `http://localhost:<PORT>`. The value is
 * never repeated in a message: it may carry credentials by mistake.
 */
export function readPublicUrl(r: EnvReader, port: number): string {
  const fallback = `http://localhost:${port}`;
  const value = r.raw('PUBLIC_URL');
  if (value === undefined) return fallback;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const fits =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '';
  if (!fits) {
    return r.fail(
      'PUBLIC_URL must be an http:// or https:// URL with a host and no credentials, query or fragment',
      fallback,
    );
  }
  return `${url!.origin}${url!.pathname}`.replace(/\/+$/, '');
}
