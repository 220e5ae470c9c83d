import { join } from 'node:path';
import { BenchEnvironment } from './environment/bench-environment';
import { libuvPoolThreads, REPO_ROOT, startService } from './environment/service';
import { measureBcryptLimit, startNaiveVerifyServer } from './limits/limits';
import { LoadResult, LoadSpec, runLoad } from './load/load-run';
import { describeMachine, loadAverage } from './report/machine';
import { evaluate } from './report/checks';
import { BenchReport, formatChecks, formatTable, writeReport } from './report/report';
import { registerAccounts } from './scenarios/accounts';
import { RefreshChains } from './scenarios/refresh-chains';
import { healthzRequest, loginRequest, registerRequest, verifyTokenRequest } from './scenarios/requests';
import { countForks } from './scenarios/forks';

/** The configured cost (BCRYPT_COST's default), used by the service and by the bcrypt limit alike. */
const BCRYPT_COST = 12;
const CONCURRENCIES = [1, 10, 50];
const WARMUP_SECONDS = 2;
const SECONDS = 5;
/** Sessions for the refresh chains: each run may strand one chain per connection. */
const ACCOUNTS = 70;
const FLOOD_CONNECTIONS = 50;
/** The /healthz probe during the flood: a steady request rate, as a load balancer sends. */
const PROBE = { connections: 1, overallRate: 100 };

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  log(
    'npm run bench: per-IP rate limits are OFF (RATE_LIMIT_ENABLED=false): this measures the service, not its limits.',
  );
  const env = await BenchEnvironment.create();
  const stopOnInterrupt = () => void env.dispose().finally(() => process.exit(130));
  process.once('SIGINT', stopOnInterrupt);
  try {
    const service = await startService({
      databaseUrl: env.database.url,
      redisUrl: env.redis.url,
      smtpUrl: env.sinks.smtpUrl,
      smsWebhookUrl: env.sinks.smsWebhookUrl,
      privateKeyPem: env.keys.privateKeyPem,
      bcryptCost: BCRYPT_COST,
      logFile: env.logFile('service'),
    });
    try {
      log(`service up at ${service.url}; registering ${ACCOUNTS} accounts`);
      const accounts = await registerAccounts(service.url, env.runId, ACCOUNTS, 8);
      const poolThreads = libuvPoolThreads(service.process.pid);

      log(`measuring the bcrypt limit (cost ${BCRYPT_COST}, ${poolThreads} parallel compares)`);
      const bcryptLimit = await measureBcryptLimit(BCRYPT_COST, poolThreads, SECONDS, env.logFile('bcrypt'));

      const rows: LoadResult[] = [];
      const load = async (spec: Omit<LoadSpec, 'warmupSeconds' | 'seconds'>): Promise<LoadResult> => {
        const result = await runLoad({ warmupSeconds: WARMUP_SECONDS, seconds: SECONDS, ...spec });
        log(
          `  ${result.scenario} c=${result.connections}: ${result.rps.toFixed(1)} req/s, p99 ${result.p99.toFixed(2)} ms`,
        );
        return result;
      };
      const sweep = async (scenario: string, baseUrl: string, request: () => LoadSpec['request']) => {
        for (const connections of CONCURRENCIES) {
          rows.push(await load({ scenario, baseUrl, connections, request: request() }));
        }
      };

      log('naive verify-token server (the limit)');
      const naive = await startNaiveVerifyServer(
        {
          publicKeyPem: env.keys.publicKeyPem,
          redisUrl: env.redis.url,
          issuer: 'auth-service',
          audience: 'authenticated',
        },
        env.logFile('naive'),
      );
      try {
        await sweep('naive verify (limit)', naive.url, () => verifyTokenRequest(accounts[0]!.accessToken));
      } finally {
        await naive.process.stop();
      }

      log('service');
      const chains = new RefreshChains(accounts.map((a) => a.refreshToken));
      await sweep('verify-token', service.url, () => verifyTokenRequest(accounts[0]!.accessToken));
      await sweep('healthz', service.url, healthzRequest);
      await sweep('login', service.url, () => loginRequest(accounts.slice(0, 20)));
      await sweep('token refresh', service.url, () => chains.request());
      await sweep('register', service.url, () => registerRequest(env.runId));

      log('login flood with a /healthz probe');
      const probe = { scenario: 'healthz probe', baseUrl: service.url, request: healthzRequest(), ...PROBE };
      const healthzBaseline = await load(probe);
      const [healthzDuringFlood, flood] = await Promise.all([
        load({ ...probe, scenario: 'healthz probe, login flood' }),
        load({
          scenario: 'login flood',
          baseUrl: service.url,
          connections: FLOOD_CONNECTIONS,
          request: loginRequest(accounts.slice(20, 40)),
        }),
      ]);
      rows.push(healthzBaseline, healthzDuringFlood, flood);

      const refresh = { ...(await countForks(env.database)), ...chains.anomalies };
      const report: BenchReport = {
        startedAt,
        machine: describeMachine(loadBefore),
        settings: {
          bcryptCost: BCRYPT_COST,
          concurrencies: CONCURRENCIES,
          warmupSeconds: WARMUP_SECONDS,
          seconds: SECONDS,
          rateLimits: 'disabled (RATE_LIMIT_ENABLED=false)',
          healthzProbe: PROBE,
          floodConnections: FLOOD_CONNECTIONS,
        },
        rows,
        limits: { bcryptComparesPerSecond: bcryptLimit, libuvPoolThreads: poolThreads },
        flood: { healthzBaseline, healthzDuringFlood, login: flood },
        refresh,
        peakRssMiB: service.process.peakRssMiB(),
        checks: [],
      };
      report.checks = evaluate(report);
      log(`\n${formatTable(rows)}\n`);
      log(`bcrypt limit: ${bcryptLimit.toFixed(1)} compares/s (cost ${BCRYPT_COST}, ${poolThreads} threads)`);
      log(`refresh: ${JSON.stringify(refresh)}; service peak RSS ${report.peakRssMiB.toFixed(0)} MiB`);
      log(`${formatChecks(report.checks)}\n`);
      log(`machine: ${JSON.stringify(report.machine)}`);
      log(`written to ${writeReport(join(REPO_ROOT, 'bench/results'), report)}`);
    } finally {
      await service.process.stop();
    }
  } finally {
    process.off('SIGINT', stopOnInterrupt);
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
