import { EnvReader } from './env-reader';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  ttlMs: number;
}

/**
 * Named rate limits and their defaults. Each is configured by one variable,
 * `RATE_LIMIT_<NAME>=<count>/<seconds>`, e.g. `RATE_LIMIT_GLOBAL=300/60`.
 */
export const RATE_LIMIT_DEFAULTS = {
  /** The ceiling per client IP for every route without a stricter named limit. */
  global: { limit: 300, ttlMs: 60_000 },
} as const satisfies Record<string, RateLimit>;

export type RateLimitName = keyof typeof RATE_LIMIT_DEFAULTS;

export function rateLimitVariable(name: RateLimitName): string {
  return `RATE_LIMIT_${name.toUpperCase()}`;
}

export function readRateLimits(env: EnvReader): Record<RateLimitName, RateLimit> {
  const limits = {} as Record<RateLimitName, RateLimit>;
  for (const name of Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitName[]) {
    const variable = rateLimitVariable(name);
    const value = env.raw(variable);
    const match = value === undefined ? null : /^(\d+)\s*\/\s*(\d+)$/.exec(value);
    if (value !== undefined && (!match || Number(match[1]) < 1 || Number(match[2]) < 1)) {
      env.fail(`${variable} must be <count>/<seconds> with both at least 1 (got "${value}")`, null);
    }
    limits[name] = match
      ? { limit: Number(match[1]), ttlMs: Number(match[2]) * 1000 }
      : { ...RATE_LIMIT_DEFAULTS[name] };
  }
  return limits;
}
