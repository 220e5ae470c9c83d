import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult } from './load-run';
import { percentile } from './percentiles';

export interface PoliteFloodSpec {
  scenario: string;
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** The JSON body of each request. */
  body: () => string;
}

/**
 * Clients that send POST requests back to back, each waiting for its answer, and that wait as
 * long as `Retry-After` says after a 503, as browsers and SDKs retrying a sign-in do. (autocannon
 * cannot wait between requests of a connection.) Measured like `runLoad`.
 */
export async function runPoliteFlood(spec: PoliteFloodSpec): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + spec.warmupSeconds * 1000;
  const end = measureFrom + spec.seconds * 1000;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failures = 0;
  const client = async (): Promise<void> => {
    while (performance.now() < end) {
      const sent = performance.now();
      let retryAfterSeconds = 0;
      try {
        const response = await fetch(spec.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: spec.body(),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (sent >= measureFrom) {
          latencies.push(performance.now() - sent);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.ok) ok++;
        }
        if (response.status === 503) retryAfterSeconds = Number(response.headers.get('retry-after') ?? 1);
      } catch {
        if (sent >= measureFrom) failures++;
        retryAfterSeconds = 1;
      }
      if (retryAfterSeconds > 0)
        await sleep(Math.max(0, Math.min(retryAfterSeconds * 1000, end - performance.now())));
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, client));
  return {
    scenario: spec.scenario,
    connections: spec.connections,
    rps: ok / spec.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: latencies.length - ok + failures,
    statuses,
  };
}
