import type { LoadResult } from '../load/load-run';
import type { BenchReport, Check } from './report';

/** The targets of the performance issue, each as a measured value against its bound. */
export function evaluate(report: BenchReport): Check[] {
  const row = (scenario: string, connections: number): LoadResult => {
    const found = report.rows.find((r) => r.scenario === scenario && r.connections === connections);
    if (!found) throw new Error(`no ${scenario} run at ${connections} connections`);
    return found;
  };
  const verify = row('verify-token', 50);
  const naive = row('naive verify (limit)', 50);
  const login = Math.max(...report.rows.filter((r) => r.scenario === 'login').map((r) => r.rps));
  const refresh = row('token refresh', 50);
  const naiveRefresh = row('naive refresh (limit)', 50);
  const { healthzBaseline, healthzDuringFlood, healthzDuringHammer, hammer } = report.flood;
  const bcrypt = report.limits.bcryptComparesPerSecond;
  const ratio = (value: number, limit: number) => (limit > 0 ? value / limit : 0);
  return [
    check(
      'verify-token c=50 / naive verify c=50, req/s',
      ratio(verify.rps, naive.rps),
      '×',
      '≥ 1.5',
      (v) => v >= 1.5,
    ),
    check('verify-token c=50 p99', verify.p99, 'ms', '< 10 ms', (v) => v < 10),
    check('login (best concurrency) / bcrypt limit', ratio(login, bcrypt), '×', '≥ 0.9', (v) => v >= 0.9),
    check(
      'login hammer (50 clients ignoring Retry-After) / bcrypt limit',
      ratio(hammer.rps, bcrypt),
      '×',
      '≥ 0.8',
      (v) => v >= 0.8,
    ),
    check(
      'token refresh c=50 / naive refresh c=50, req/s',
      ratio(refresh.rps, naiveRefresh.rps),
      '×',
      '≥ 0.8',
      (v) => v >= 0.8,
    ),
    check('forked sessions', report.refresh.forkedSessions ?? 0, 'sessions', '0', (v) => v === 0),
    check(
      '/healthz p99 during the login flood / without',
      ratio(healthzDuringFlood.p99, healthzBaseline.p99),
      '×',
      '< 4×',
      (v) => v < 4,
    ),
    check(
      '/healthz p99 during the login hammer / without',
      ratio(healthzDuringHammer.p99, healthzBaseline.p99),
      '×',
      '< 4×',
      (v) => v < 4,
    ),
    check('service peak RSS', report.peakRssMiB, 'MiB', '< 250 MB', (v) => v * 1.048576 < 250),
  ];
}

function check(
  name: string,
  value: number,
  unit: string,
  target: string,
  test: (v: number) => boolean,
): Check {
  return { name, value, unit, target, met: test(value) };
}
