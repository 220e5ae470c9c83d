import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyToken } from './accounts';

/** Repeats `probe` until its value satisfies `accept`; the test's own timeout bounds the wait. */
export async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    await sleep(50);
  }
}

/** The `auth_dependency_up` gauge of one dependency as /metrics shows it. */
export async function dependencyUp(app: NestFastifyApplication, dependency: string): Promise<number> {
  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  const match = new RegExp(`^auth_dependency_up\\{dependency="${dependency}"\\} (\\d+)$`, 'm').exec(
    metrics.body,
  );
  return match ? Number(match[1]) : NaN;
}

/** What /readyz says of Redis: `up`, `degraded` or `down`. */
export async function redisReadiness(app: NestFastifyApplication): Promise<string> {
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  return ready.json<{ details?: { redis?: { status?: string } } }>().details?.redis?.status ?? 'missing';
}

/** Milliseconds until `app` refuses the token at verify-token, polling every 2 ms; Infinity past `limitMs`. */
export async function refusedWithin(
  app: NestFastifyApplication,
  accessToken: string,
  limitMs: number,
): Promise<number> {
  const start = performance.now();
  while (performance.now() - start <= limitMs) {
    if ((await verifyToken(app, accessToken)).statusCode === 401) return performance.now() - start;
    await sleep(2);
  }
  return Infinity;
}
