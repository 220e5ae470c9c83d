export * from './app-config';
export * from './config.error';
export * from './load-config';
export * from './read-environment';
export { RATE_LIMIT_DEFAULTS, rateLimitKey, rateLimitVariable } from './rate-limits';
export type { RateLimit, RateLimitKey, RateLimitName } from './rate-limits';
export type { Env } from './env-reader';
export { ADMIN_KEY_MIN_LENGTH, isAdminKeyName, type AdminApiKey } from './admin-config';
export * from './webhook-config';
