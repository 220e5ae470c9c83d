import autocannon, { type RequestSpec } from 'autocannon';
import { percentile } from './percentiles';

export interface LoadSpec {
  scenario: string;
  baseUrl: string;
  connections: number;
  /** Seconds of load whose responses are discarded (JIT, pools, caches), then `seconds` measured. */
  warmupSeconds: number;
  seconds: number;
  request: RequestSpec;
  /** Requests per second over all connections; unset means as fast as the server answers. */
  overallRate?: number;
}

export interface LoadResult {
  scenario: string;
  connections: number;
  /** Successful (2xx) responses per second over the measured window. */
  rps: number;
  /** Latency in milliseconds of every response of the window, errors included. */
  p50: number;
  p99: number;
  /** Non-2xx responses plus socket errors and timeouts in the window. */
  errors: number;
  statuses: Record<string, number>;
}

/**
 * One autocannon run of `warmupSeconds + seconds` on fresh keep-alive connections. Only what
 * happens after the warm-up counts, measured from each response as it arrives, so that
 * per-connection state (a refresh chain) carries straight from the warm-up into the measurement.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let socketErrors = 0;
  let measuring = false;
  let windowStart = 0;
  const instance = autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: spec.warmupSeconds + spec.seconds,
    timeout: 10,
    overallRate: spec.overallRate,
    requests: [spec.request],
  });
  const warmup = setTimeout(() => {
    measuring = true;
    windowStart = performance.now();
  }, spec.warmupSeconds * 1000);
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (!measuring) return;
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) ok++;
  });
  instance.on('reqError', () => {
    if (measuring) socketErrors++;
  });
  await instance;
  clearTimeout(warmup);
  const windowSeconds = measuring ? (performance.now() - windowStart) / 1000 : spec.seconds;
  return {
    scenario: spec.scenario,
    connections: spec.connections,
    rps: ok / windowSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: latencies.length - ok + socketErrors,
    statuses,
  };
}
