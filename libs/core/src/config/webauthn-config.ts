import { isIP } from 'node:net';
import type { AppConfig } from './app-config';
import { EnvReader, shown } from './env-reader';

const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ANDROID_ORIGIN = /^android:apk-key-hash:[A-Za-z0-9_-]{43}$/;
const RP_NAME_MAX_LENGTH = 64;

/**
 * The relying party of passkeys. Browsers bind each credential to the RP id (a domain, never an IP
 * address) and sign the page's origin, so the defaults follow the public URL of the service and
 * every allowed origin must lie on the RP id or under it.
 */
export function readWebAuthn(r: EnvReader, publicUrl: string): AppConfig['webauthn'] {
  const fallback = new URL(publicUrl);
  const rpId = readRpId(r, fallback.hostname);
  const origins = readOrigins(r, fallback.origin);
  const outside = origins.find((origin) => !originLiesOn(origin, rpId));
  if (outside !== undefined) {
    r.fail(
      `WEBAUTHN_ORIGINS must be origins on WEBAUTHN_RP_ID ${shown(rpId)} or its subdomains (got ${shown(outside)})`,
      undefined,
    );
  }
  return { rpId, rpName: readRpName(r), origins };
}

function readRpId(r: EnvReader, fallback: string): string {
  const value = r.raw('WEBAUTHN_RP_ID');
  if (value === undefined) return fallback;
  if (!DOMAIN.test(value) || isIP(value) !== 0) {
    return r.fail(
      `WEBAUTHN_RP_ID must be a domain name such as example.com, without scheme or port (got ${shown(value)})`,
      fallback,
    );
  }
  return value;
}

function readRpName(r: EnvReader): string {
  const value = r.string('WEBAUTHN_RP_NAME', 'Auth service');
  // eslint-disable-next-line no-control-regex
  if (value.length > RP_NAME_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
    return r.fail(
      `WEBAUTHN_RP_NAME must be at most ${RP_NAME_MAX_LENGTH} printable characters (got ${shown(value)})`,
      'Auth service',
    );
  }
  return value;
}

/** Origins exactly as browsers write them into client data: https, or http on localhost only. */
function readOrigins(r: EnvReader, fallback: string): string[] {
  if (r.raw('WEBAUTHN_ORIGINS') === undefined) return [fallback];
  const origins = r.list('WEBAUTHN_ORIGINS');
  const wrong = origins.find((origin) => !isWebAuthnOrigin(origin));
  if (wrong !== undefined) {
    return r.fail(
      `WEBAUTHN_ORIGINS must be a comma list of origins such as https://app.example.com (http only on localhost) (got ${shown(wrong)})`,
      [fallback],
    );
  }
  return origins;
}

function isWebAuthnOrigin(value: string): boolean {
  if (ANDROID_ORIGIN.test(value)) return true;
  try {
    const url = new URL(value);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalhost(url.hostname));
    return secure && url.origin === value;
  } catch {
    return false;
  }
}

function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Android app origins carry no host; the app's asset links tie them to the domain instead. */
function originLiesOn(origin: string, rpId: string): boolean {
  if (ANDROID_ORIGIN.test(origin)) return true;
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}
