import { join } from 'node:path';
import { BenchEnvironment } from './environment/bench-environment';
import { libuvPoolThreads, productionStartArgs, REPO_ROOT, startService } from './environment/service';
import { measureBcryptLimit, startNaiveRefreshServer, startNaiveVerifyServer } from './limits/limits';
import { Measurements } from './load/measurements';
import { evaluate } from './report/checks';
import { describeMachine, loadAverage } from './report/machine';
import { BenchReport, formatChecks, formatTable, writeReport } from './report/report';
import { registerAccounts } from './scenarios/accounts';
import { measureFloods } from './scenarios/floods';
import { countForks } from './scenarios/forks';
import { RefreshChains } from './scenarios/refresh-chains';
import { measureWebhooks, webhookChecks } from './scenarios/webhooks';
import { healthzRequest, loginRequest, SignUps, verifyTokenRequest } from './scenarios/requests';
import * as settings from './settings';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** `npm run bench -- --service-node-flags="--max-old-space-size=512"`: Node options over start:prod's. */
function serviceNodeFlags(argv: string[]): string[] {
  const prefix = '--service-node-flags=';
  const value = argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? '';
  return value.split(' ').filter(Boolean);
}
const SERVICE_NODE_FLAGS = serviceNodeFlags(process.argv);
const SERVICE_START = ['node', ...SERVICE_NODE_FLAGS, ...productionStartArgs()].join(' ');

/**
 * `npm run bench`: the service built and started in production mode on a throwaway database, each
 * scenario at each concurrency, and in the same run the limits it is compared with. See the
 * README's "Performance" section for what each number means.
 */
async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  log('Per-IP rate limits are OFF (RATE_LIMIT_ENABLED=false): this measures the service, not its limits.');
  const env = await BenchEnvironment.create();
  const stopOnInterrupt = () => void env.dispose().finally(() => process.exit(130));
  process.once('SIGINT', stopOnInterrupt);
  try {
    const serviceSettings = {
      databaseUrl: env.database.url,
      redisUrl: env.redis.url,
      smtpUrl: env.sinks.smtpUrl,
      smsWebhookUrl: env.sinks.smsWebhookUrl,
      privateKeyPem: env.keys.privateKeyPem,
      bcryptCost: settings.BCRYPT_COST,
      nodeFlags: SERVICE_NODE_FLAGS,
      logFile: env.logFile('service'),
    };
    const service = await startService(serviceSettings);
    try {
      log(`service listening on ${service.url}, started as npm run start:prod does: ${SERVICE_START}`);
      log(`registering ${settings.ACCOUNTS} accounts`);
      const accounts = await registerAccounts(service.url, env.runId, settings.ACCOUNTS, 8);
      const token = accounts[0]!.accessToken;
      const poolThreads = libuvPoolThreads(service.process.pid);

      log(
        `bcrypt limit: cost ${settings.BCRYPT_COST}, ${poolThreads} parallel compares (the service's pool)`,
      );
      const bcrypt = await measureBcryptLimit(
        settings.BCRYPT_COST,
        poolThreads,
        settings.SECONDS,
        env.logFile('bcrypt'),
      );

      const measurements = new Measurements(log);
      log('verify-token against the naive verify-token server (the limit), side by side');
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
        await measurements.sweepSideBySide([
          { scenario: 'naive verify (limit)', baseUrl: naive.url, request: () => verifyTokenRequest(token) },
          { scenario: 'verify-token', baseUrl: service.url, request: () => verifyTokenRequest(token) },
        ]);
      } finally {
        await naive.process.stop();
      }

      log('the other scenarios');
      const signUps = new SignUps(env.runId);
      await measurements.sweep('healthz', service.url, healthzRequest);
      await measurements.sweep('login', service.url, () => loginRequest(accounts.slice(0, 20)));

      log('token refresh against the naive refresh server (the limit), side by side');
      // Each server rotates chains of its own: a run strands up to one chain per connection.
      const half = accounts.length / 2;
      const chains = new RefreshChains(accounts.slice(0, half).map((a) => a.refreshToken));
      const naiveChains = new RefreshChains(accounts.slice(half).map((a) => a.refreshToken));
      const naiveRefresh = await startNaiveRefreshServer(
        {
          databaseUrl: env.database.url,
          privateKeyPem: env.keys.privateKeyPem,
          issuer: 'auth-service',
          audience: 'authenticated',
          accessTokenTtl: 900,
        },
        env.logFile('naive-refresh'),
      );
      try {
        await measurements.sweepSideBySide([
          {
            scenario: 'naive refresh (limit)',
            baseUrl: naiveRefresh.url,
            request: () => naiveChains.request(),
          },
          { scenario: 'token refresh', baseUrl: service.url, request: () => chains.request() },
        ]);
      } finally {
        await naiveRefresh.process.stop();
      }
      await measurements.sweep('register', service.url, () => signUps.request());
      const flood = await measureFloods(measurements, service.url, accounts.slice(20, 40));
      log('registration and login with webhooks off and on, side by side');
      const webhooks = await measureWebhooks(
        measurements,
        service.url,
        { ...serviceSettings, logFile: env.logFile('service-webhooks') },
        accounts.slice(40, 60),
        env.runId,
      );
      log(`webhook deliveries received: ${webhooks.delivered}`);

      const report: BenchReport = {
        startedAt,
        machine: describeMachine(loadBefore),
        settings: {
          ...settings,
          serviceStart: SERVICE_START,
          rateLimits: 'disabled (RATE_LIMIT_ENABLED=false)',
        },
        rows: measurements.rows,
        limits: { bcryptComparesPerSecond: bcrypt, libuvPoolThreads: poolThreads },
        flood,
        refresh: {
          ...(await countForks(env.database)),
          ...chains.anomalies,
          naiveExhausted: naiveChains.anomalies.exhausted,
        },
        peakRssMiB: service.process.peakRssMiB(),
        checks: [],
      };
      report.checks = [...evaluate(report), ...webhookChecks(report.rows)];
      log(`\n${formatTable(report.rows)}\n`);
      log(
        `bcrypt limit: ${bcrypt.toFixed(1)} compares/s (cost ${settings.BCRYPT_COST}, ${poolThreads} threads)`,
      );
      log(`refresh chains: ${JSON.stringify(report.refresh)}`);
      log(`${formatChecks(report.checks)}`);
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
