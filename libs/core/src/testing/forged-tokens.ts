import { createHmac, KeyObject, sign } from 'node:crypto';

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS over any header and payload, as someone holding (or misusing) a key would make it:
 * with an RSA private key, an RS256 signature; with a secret key, HS256; with none, the empty
 * signature of `alg: none`. Nothing about the content is checked, so tests can sign what the
 * service must refuse.
 */
export function forgedToken(header: object, payload: object, key?: KeyObject): string {
  const input = `${segment(header)}.${segment(payload)}`;
  if (!key) return `${input}.`;
  const signature =
    key.type === 'secret'
      ? createHmac('sha256', key).update(input).digest()
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}
