import { EnvReader, shown } from './env-reader';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  ttlMs: number;
}

/**
 * What a limit counts requests by:
 * - `ip`: the client IP (the default);
 * - `email`: the body's `email`, normalised as accounts are (trimmed, NFKC, lower case);
 * - `otp_destination`: the body's `email` or `phone`, as its `channel` says;
 * - `token:<field>`: an opaque value of the body, exactly as sent (e.g. `token:mfa_token`);
 * - `session`: the session, known only once the service has looked the token up, so the service
 *   counts it itself (`RateLimitCounter.enforce`);
 * - `credential`: a passkey's credential id, nested in the body's `credential`, which the service
 *   counts itself once the body is validated;
 * - `admin_key`: the admin API key, known once the admin guard has checked it (which counts it).
 * Requests without a usable value are not counted by that limit. Values other than IPs and
 * session ids are stored only as keyed hashes.
 */
export type RateLimitKey =
  'ip' | 'email' | 'otp_destination' | `token:${string}` | 'session' | 'credential' | 'admin_key';

export interface RateLimitDefinition extends RateLimit {
  key?: RateLimitKey;
}

/**
 * Named rate limits and their defaults. Each is configured by one variable,
 * `RATE_LIMIT_<NAME>=<count>/<seconds>`, e.g. `RATE_LIMIT_GLOBAL=300/60`.
 */
export const RATE_LIMIT_DEFAULTS = {
  /** The ceiling per client IP across every route (health, metrics, docs and verify-token exempt). */
  global: { limit: 300, ttlMs: 60_000 },
  /** Password sign-in attempts per client IP (the per-account lock comes on top). */
  login_ip: { limit: 20, ttlMs: 60_000 },
  /** Registrations per client IP. */
  register_ip: { limit: 10, ttlMs: 600_000 },
  /** One-time code sends per client IP (each address also has its cooldown and daily cap). */
  otp_send_ip: { limit: 10, ttlMs: 600_000 },
  /** One-time code checks per client IP (each code also dies after OTP_MAX_ATTEMPTS wrong tries). */
  otp_verify_ip: { limit: 30, ttlMs: 600_000 },
  /** Second-factor checks per client IP (each mfa_token also dies after 5 wrong codes). */
  mfa_verify_ip: { limit: 30, ttlMs: 600_000 },
  /** Password sign-in attempts per account, whatever the IP (the account lock comes on top). */
  login_account: { limit: 10, ttlMs: 600_000, key: 'email' },
  /** One-time code sends per address, on top of OTP_RESEND_INTERVAL and the daily cap. */
  otp_send_destination: { limit: 5, ttlMs: 600_000, key: 'otp_destination' },
  /** One-time code checks per address (OTP verify and password reset), whatever the IP. */
  otp_verify_destination: { limit: 10, ttlMs: 600_000, key: 'otp_destination' },
  /** Refresh token rotations per session. */
  refresh_session: { limit: 30, ttlMs: 600_000, key: 'session' },
  /** Second-factor checks per mfa_token, whatever the IP (the token also dies after 5 wrong codes). */
  mfa_verify_token: { limit: 10, ttlMs: 300_000, key: 'token:mfa_token' },
  /** Passkey sign-in challenges asked for per client IP. */
  passkey_options_ip: { limit: 30, ttlMs: 600_000 },
  /** Passkey sign-in attempts per client IP. */
  passkey_login_ip: { limit: 30, ttlMs: 600_000 },
  /** Passkey sign-in attempts per credential, whatever the IP. */
  passkey_credential: { limit: 10, ttlMs: 600_000, key: 'credential' },
  /** Admin API calls per key (admin routes are exempt from the per-IP limits above). */
  admin: { limit: 600, ttlMs: 60_000, key: 'admin_key' },
} as const satisfies Record<string, RateLimitDefinition>;

export type RateLimitName = keyof typeof RATE_LIMIT_DEFAULTS;

export function rateLimitKey(name: RateLimitName): RateLimitKey {
  const definition: RateLimitDefinition = RATE_LIMIT_DEFAULTS[name];
  return definition.key ?? 'ip';
}

export function rateLimitVariable(name: RateLimitName): string {
  return `RATE_LIMIT_${name.toUpperCase()}`;
}

export function readRateLimits(env: EnvReader): Record<RateLimitName, RateLimit> {
  const limits = {} as Record<RateLimitName, RateLimit>;
  for (const name of Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]) {
    const variable = rateLimitVariable(name);
    const value = env.raw(variable);
    const match = value === undefined ? null : /^(\d{1,9})\s*\/\s*(\d{1,9})$/.exec(value);
    const valid = match !== null && Number(match[1]) >= 1 && Number(match[2]) >= 1;
    if (value !== undefined && !valid) {
      env.fail(
        `${variable} must be <count>/<seconds>, both whole numbers of at least 1 (got ${shown(value)})`,
        null,
      );
    }
    limits[name] =
      valid && match
        ? { limit: Number(match[1]), ttlMs: Number(match[2]) * 1000 }
        : { limit: RATE_LIMIT_DEFAULTS[name].limit, ttlMs: RATE_LIMIT_DEFAULTS[name].ttlMs };
  }
  return limits;
}
