export * from './app-config';
export * from './config.error';
export * from './load-config';
export * from './read-environment';
export { KEY_NEEDED, keyFits } from './jwt-config';
export { RATE_LIMIT_DEFAULTS, rateLimitKey, rateLimitVariable } from './rate-limits';
export type { RateLimit, RateLimitKey, RateLimitName } from './rate-limits';
export type { Env } from './env-reader';
