import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnvironment } from '@app/core/testing';
import { ensureServiceBuilt } from './support/process-build';
import { get, getUntil, HeldPost, statusOf } from './support/process-http';
import { ServiceProcess, stopAllServices } from './support/process-service';

const BUILD_TIMEOUT_MS = 180_000;
const DRAIN_MS = 3000;
const IN_FLIGHT = 50;
/*
 * bcrypt work is queued and bounded (at least 17 hashes accepted at once on any machine): the
 * sign-ins in flight stay within it, and token refreshes (a transaction each) make up the rest.
 */
const SIGN_INS = 16;
const PASSWORD = 'correct horse battery staple 42';

interface Account {
  email: string;
  password: string;
  refreshToken: string;
}

/** A new account, registered through the API of the running service, with its first session. */
async function registerAccount(url: string): Promise<Account> {
  const email = `process-${randomUUID()}@example.test`;
  const response = await fetch(new URL('/v1/register', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${await response.text()}`);
  const { session } = (await response.json()) as { session: { refresh_token: string } };
  return { email, password: PASSWORD, refreshToken: session.refresh_token };
}

async function registerAccounts(url: string, count: number): Promise<Account[]> {
  const accounts: Account[] = [];
  while (accounts.length < count) {
    const batch = Math.min(8, count - accounts.length);
    accounts.push(...(await Promise.all(Array.from({ length: batch }, () => registerAccount(url)))));
  }
  return accounts;
}

/** Name and niceness of each thread of a process, from /proc. */
function threadsOf(pid: number): Array<{ tid: number; name: string; niceness: number }> {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // stat(5): after pid and (comm), `nice` is the 17th field.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { tid: Number(tid), name, niceness: Number(fields[16]) };
  });
}

/** The service on the run's Postgres and Redis, listening on a port the system picks. */
function testServiceEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const { databaseUrl, redisUrl } = testEnvironment();
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    DB_MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'info',
    SHUTDOWN_DRAIN_MS: '0',
    ...overrides,
  };
}

describe('the service process', () => {
  let keyDir: string;

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'auth-process-keys-'));
    await ensureServiceBuilt();
  }, BUILD_TIMEOUT_MS);

  afterEach(stopAllServices);

  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

  describe('refuses to start on a bad configuration', () => {
    it('exits non-zero with one line naming DATABASE_URL when production has none', async () => {
      const keyFile = join(keyDir, 'signing.pem');
      writeFileSync(
        keyFile,
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }),
      );
      const service = new ServiceProcess({
        NODE_ENV: 'production',
        REDIS_URL: testEnvironment().redisUrl,
        MFA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
        JWT_PRIVATE_KEY_FILE: keyFile,
        MAIL_PROVIDER: 'smtp',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms',
      });

      const exit = await service.exited;

      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(service.stderrLines).toEqual([
        'Invalid configuration: DATABASE_URL is required when NODE_ENV=production: set it to a postgres:// URL (the embedded database is for development only)',
      ]);
      expect(service.stdoutLines).toEqual([]);
    });

    it('exits non-zero with one line naming PORT when it is not a port', async () => {
      const service = new ServiceProcess(testServiceEnv({ PORT: '80a' }));

      const exit = await service.exited;

      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(service.stderrLines).toEqual([
        'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "80a")',
      ]);
    });
  });

  it('serves /healthz and /readyz on the port it logs, and exits 0 on SIGTERM', async () => {
    const service = new ServiceProcess(testServiceEnv());
    const url = await service.listeningUrl();

    const health = await get(url, '/healthz');
    const ready = await get(url, '/readyz');

    expect(health).toEqual({ status: 200, body: JSON.stringify({ status: 'ok' }) });
    expect(statusOf(ready)).toBe(200);
    expect(JSON.parse((ready as { body: string }).body)).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });

    // bcrypt's pool threads yield a contended core to the event loop.
    const threads = threadsOf(service.pid);
    const pool = threads.filter((thread) => thread.name === 'libuv-worker');
    expect(pool.length).toBeGreaterThanOrEqual(4);
    expect(new Set(pool.map((thread) => thread.niceness))).toEqual(new Set([10]));
    // The main thread, whose id is the process's, runs the event loop.
    expect(threads.find((thread) => thread.tid === service.pid)).toMatchObject({ niceness: 0 });

    service.signal('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });

  it('drains on SIGTERM: /readyz 503 while /healthz answers, then finishes requests in flight and exits 0', async () => {
    const service = new ServiceProcess(testServiceEnv({ SHUTDOWN_DRAIN_MS: String(DRAIN_MS) }));
    const url = await service.listeningUrl();
    const held = await HeldPost.start(url, '/v1/process-probe', JSON.stringify({ probe: true }));

    service.signal('SIGTERM');
    await getUntil(url, '/readyz', (answer) => statusOf(answer) === 503);
    const healthDuringDrain = await get(url, '/healthz');
    await getUntil(url, '/healthz', (answer) => statusOf(answer) === 'ECONNREFUSED');
    const response = await held.finish();
    const exit = await service.exited;

    expect(statusOf(healthDuringDrain)).toBe(200);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['connection']).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({ status: 404, code: 'not_found' });
    expect(exit).toEqual({ code: 0, signal: null });
    const messages = service.logEntries().map((entry) => entry.msg);
    expect(messages).toContain(
      `SIGTERM received: /readyz answers 503 for ${DRAIN_MS} ms, then the listener closes`,
    );
    expect(messages).toContain('shutdown complete');
  });

  it('finishes the 50 requests in flight at SIGTERM (sign-ins and refreshes), resetting none, and exits 0', async () => {
    const service = new ServiceProcess(testServiceEnv({ RATE_LIMIT_ENABLED: 'false', BCRYPT_COST: '10' }));
    const url = await service.listeningUrl();
    const accounts = await registerAccounts(url, SIGN_INS);
    const bodies = [
      ...accounts.map(({ email, password }) => ['/v1/login', { email, password }] as const),
      ...Array.from(
        { length: IN_FLIGHT - SIGN_INS },
        (_, i) => ['/v1/token/refresh', { refresh_token: accounts[i % SIGN_INS]!.refreshToken }] as const,
      ),
    ];
    const held = await Promise.all(
      bodies.map(([path, body]) => HeldPost.start(url, path, JSON.stringify(body))),
    );

    for (const request of held) request.sendBody();
    service.signal('SIGTERM');
    const responses = await Promise.all(held.map((request) => request.response()));
    const exit = await service.exited;

    expect(responses.map((response) => response.status)).toEqual(Array(IN_FLIGHT).fill(200));
    for (const response of responses) {
      expect(JSON.parse(response.body)).toMatchObject({ session: { token_type: 'Bearer' } });
    }
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.logEntries().map((entry) => entry.msg)).toContain('shutdown complete');
  });

  it('exits at once, non-zero and saying so, on a second SIGTERM during the drain', async () => {
    const service = new ServiceProcess(testServiceEnv({ SHUTDOWN_DRAIN_MS: '600000' }));
    const url = await service.listeningUrl();

    service.signal('SIGTERM');
    await getUntil(url, '/readyz', (answer) => statusOf(answer) === 503);
    service.signal('SIGTERM');
    const exit = await service.exited;

    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(service.logEntries()).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'SIGTERM received again during shutdown: exiting now without waiting for requests in flight',
      }),
    );
  });
});
