import { CONCURRENCIES, SECONDS, WARMUP_SECONDS } from '../settings';
import { LoadResult, LoadSpec, runLoad } from './load-run';

export type RunSpec = Omit<LoadSpec, 'warmupSeconds' | 'seconds'>;

/** The rows of the report, each logged as it is measured. */
export class Measurements {
  readonly rows: LoadResult[] = [];

  constructor(private readonly log: (line: string) => void) {}

  /** One run of `seconds` measured, logged but not kept (the caller decides where it belongs). */
  async run(spec: RunSpec, seconds = SECONDS): Promise<LoadResult> {
    return this.logged(await runLoad({ warmupSeconds: WARMUP_SECONDS, seconds, ...spec }));
  }

  /** One run per concurrency, each with a fresh request (and so fresh per-run state). */
  async sweep(scenario: string, baseUrl: string, request: () => RunSpec['request']): Promise<void> {
    await this.sweepSideBySide([{ scenario, baseUrl, request }]);
  }

  /**
   * Several scenarios, run one after the other at each concurrency, so that what they are compared
   * at ran a few seconds apart (other work on the machine drifts over a sweep).
   */
  async sweepSideBySide(
    scenarios: Array<{ scenario: string; baseUrl: string; request: () => RunSpec['request'] }>,
  ): Promise<void> {
    for (const connections of CONCURRENCIES) {
      for (const { scenario, baseUrl, request } of scenarios) {
        this.rows.push(await this.run({ scenario, baseUrl, connections, request: request() }));
      }
    }
  }

  logged(result: LoadResult): LoadResult {
    const rps = result.rps.toFixed(1);
    this.log(`  ${result.scenario} c=${result.connections}: ${rps} req/s, p99 ${result.p99.toFixed(2)} ms`);
    return result;
  }
}
