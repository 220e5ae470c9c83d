import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Keys whose values are secrets: passwords, one-time and MFA codes, tokens of every kind,
 * authorization headers, cookies, secrets and API keys (the admin keys among them). Matching is by key name, at any depth.
 */
const SECRET_KEY =
  /(password|^code$|_code$|^codes$|_codes$|token|authorization|cookie|secret|^otp$|api[-_]?key|^key$)/i;
export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `value` with every secret-named field replaced, cycles and depth bounded. */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return value;
  // The request logger's raw request and response: their serializers keep only safe fields, and a
  // walk through their sockets and servers costs more than the request itself, on every request.
  if (value instanceof IncomingMessage || value instanceof ServerResponse) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : redactSecrets(inner, depth + 1, seen);
  }
  return out;
}

/** The URL with the values of secret-named query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) {
    if (isSecretKey(key)) params.set(key, REDACTED);
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}
