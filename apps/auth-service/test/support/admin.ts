import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer } from './accounts';

export const ADMIN_KEY = 'test-ops-key-'.padEnd(48, 'k');
export const ADMIN_KEYS_ENV = { ADMIN_API_KEYS: `ops:${ADMIN_KEY}` };

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One admin API call with the test key (or the given headers). */
export function admin(
  app: NestFastifyApplication,
  method: Method,
  url: string,
  payload?: Record<string, unknown>,
  headers: Record<string, string> = bearer(ADMIN_KEY),
) {
  return app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });
}
