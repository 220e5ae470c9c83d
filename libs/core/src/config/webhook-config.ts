import { EnvReader, shown } from './env-reader';

/** The contract's event types (API.md Part 2, "Webhooks"); `WEBHOOK_EVENTS` picks among them. */
export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'user.disabled',
  'user.enabled',
  'session.created',
  'session.revoked',
  'password.changed',
  'mfa.enabled',
  'mfa.disabled',
  'email.verified',
  'security.refresh_token_reused',
  'security.account_locked',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookConfig {
  /** Receivers; empty means webhooks are off. */
  urls: string[];
  /** `whsec_` and base64 of the signing key; set whenever `urls` is not empty. */
  secret: string | undefined;
  /** The event types sent to every receiver. */
  events: readonly WebhookEventType[];
  /** Delays before the second, third, ... attempt; after the last one a delivery is failed. */
  retryDelaysMs: readonly number[];
  /** A 2xx must arrive within this time (connecting, sending and the status line). */
  timeoutMs: number;
  /** Deliveries in flight at once per instance. */
  concurrency: number;
  /** How often an instance looks for due deliveries it did not enqueue itself. */
  pollIntervalMs: number;
  /** A claimed delivery whose instance vanished is free again after this long. */
  leaseMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** About 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: the contract's schedule. */
export const WEBHOOK_RETRY_DELAYS_MS = [
  5000,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

export function readWebhooks(r: EnvReader): WebhookConfig {
  const urls = r.list('WEBHOOK_URLS');
  urls.forEach((url, index) => readReceiverUrl(r, url, index));
  const secret = readSecret(r);
  if (urls.length > 0 && r.raw('WEBHOOK_SECRET') === undefined) {
    r.fail(
      'WEBHOOK_SECRET is required when WEBHOOK_URLS is set: whsec_ followed by base64 of 24 to 64 random bytes',
      undefined,
    );
  }
  return {
    urls,
    secret,
    events: readEvents(r),
    retryDelaysMs: WEBHOOK_RETRY_DELAYS_MS,
    timeoutMs: 10_000,
    concurrency: 8,
    pollIntervalMs: 1000,
    leaseMs: 60_000,
  };
}

/** An http(s) URL; it is never repeated, since it may carry credentials. */
function readReceiverUrl(r: EnvReader, url: string, index: number): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.hostname === '') {
    r.fail(`WEBHOOK_URLS entry ${index + 1} must be an http:// or https:// URL with a host`, undefined);
  }
}

/** The value is never repeated. */
function readSecret(r: EnvReader): string | undefined {
  const value = r.raw('WEBHOOK_SECRET');
  if (value === undefined) return undefined;
  const key = value.startsWith('whsec_') ? value.slice('whsec_'.length) : '';
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(key) ? Buffer.from(key, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) {
    return r.fail(
      'WEBHOOK_SECRET must be whsec_ followed by base64 of 24 to 64 random bytes (e.g. `echo whsec_$(openssl rand -base64 32)`)',
      undefined,
    );
  }
  return value;
}

function readEvents(r: EnvReader): readonly WebhookEventType[] {
  if (r.raw('WEBHOOK_EVENTS') === undefined) return WEBHOOK_EVENT_TYPES;
  const chosen = r.list('WEBHOOK_EVENTS');
  const known: readonly string[] = WEBHOOK_EVENT_TYPES;
  const unknown = chosen.filter((type) => !known.includes(type));
  if (unknown.length > 0 || chosen.length === 0) {
    return r.fail(
      `WEBHOOK_EVENTS must be a comma list of ${WEBHOOK_EVENT_TYPES.join(', ')} (got ${shown(unknown.join(',') || r.raw('WEBHOOK_EVENTS') || '')})`,
      WEBHOOK_EVENT_TYPES,
    );
  }
  return [...new Set(chosen)] as WebhookEventType[];
}
