import type { Measurements } from '../load/measurements';
import { runPoliteFlood } from '../load/polite-flood';
import type { BenchReport } from '../report/report';
import { FLOOD_CONNECTIONS, FLOOD_SECONDS, PROBE, WARMUP_SECONDS } from '../settings';
import { Account } from './accounts';
import { healthzRequest, loginRequest } from './requests';

/**
 * /healthz latency at a steady rate alone, then during two login floods of FLOOD_CONNECTIONS
 * clients: clients that wait as long as `Retry-After` says after a 503 (people signing in at
 * once, the target's case), and clients that never wait (an attacker, whom in production the
 * per-IP limits turned off here would stop first).
 */
export async function measureFloods(
  measurements: Measurements,
  serviceUrl: string,
  accounts: Account[],
): Promise<BenchReport['flood']> {
  const probe = { scenario: 'healthz probe', baseUrl: serviceUrl, request: healthzRequest(), ...PROBE };
  const healthzBaseline = await measurements.run(probe, FLOOD_SECONDS);
  let next = 0;
  const [healthzDuringFlood, login] = await Promise.all([
    measurements.run({ ...probe, scenario: 'healthz probe + login flood' }, FLOOD_SECONDS),
    runPoliteFlood({
      scenario: 'login flood (Retry-After)',
      url: `${serviceUrl}/v1/login`,
      connections: FLOOD_CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: FLOOD_SECONDS,
      body: () => {
        const { email, password } = accounts[next++ % accounts.length]!;
        return JSON.stringify({ email, password });
      },
    }).then((result) => measurements.logged(result)),
  ]);
  const [healthzDuringHammer, hammer] = await Promise.all([
    measurements.run({ ...probe, scenario: 'healthz probe + login hammer' }, FLOOD_SECONDS),
    measurements.run(
      {
        scenario: 'login hammer (no back-off)',
        baseUrl: serviceUrl,
        connections: FLOOD_CONNECTIONS,
        request: loginRequest(accounts),
      },
      FLOOD_SECONDS,
    ),
  ]);
  measurements.rows.push(healthzBaseline, healthzDuringFlood, login, healthzDuringHammer, hammer);
  return { healthzBaseline, healthzDuringFlood, login, healthzDuringHammer, hammer };
}
