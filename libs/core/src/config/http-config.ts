import { isIP } from 'node:net';
import type { TrustProxy } from './app-config';
import { EnvReader, shown } from './env-reader';

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The listen address: an IP address or a host name. */
export function readHost(r: EnvReader): string {
  const value = r.string('HOST', '0.0.0.0');
  if (isIP(value) === 0 && !HOSTNAME.test(value)) {
    return r.fail(`HOST must be an IP address or a host name (got ${shown(value)})`, '0.0.0.0');
  }
  return value;
}

/**
 * `false`, a hop count, or a comma list of addresses and CIDRs. `true` is refused: it would
 * believe an `X-Forwarded-For` written by any client.
 */
export function readTrustProxy(r: EnvReader): TrustProxy {
  const value = r.raw('TRUST_PROXY');
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (/^\d{1,3}$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const cidrs = r.list('TRUST_PROXY');
  if (value.toLowerCase() === 'true' || !cidrs.every(isAddressOrCidr)) {
    return r.fail(
      `TRUST_PROXY must be false, a hop count, or a comma list of the proxies' addresses or CIDRs (got ${shown(value)})`,
      false,
    );
  }
  return cidrs;
}

function isAddressOrCidr(cidr: string): boolean {
  const [address, bits, extra] = cidr.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Origins exactly as browsers send them (`https://app.example.com`, no path or trailing
 * slash), since they are compared as strings. A wildcard is refused: this service issues
 * credentials.
 */
export function readCorsOrigins(r: EnvReader): string[] {
  const origins = r.list('CORS_ORIGINS');
  const wrong = origins.find((origin) => !isOrigin(origin));
  if (wrong !== undefined) {
    return r.fail(
      `CORS_ORIGINS must be a comma list of origins such as https://app.example.com (got ${shown(wrong)})`,
      [],
    );
  }
  return origins;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
