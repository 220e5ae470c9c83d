import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '@app/users';
import { login, refresh, registerUser } from './support/accounts';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * While every place of the bcrypt queue is taken, the routes that hash or check a password are
 * refused before their body is read: the request does nothing (no query, no lockout count, no
 * audit row) and costs little more than its routing.
 */
describe('password routes while the hashing queue is full', () => {
  let t: TestApp;
  /** The queue's hashes take a few seconds of both cores, many more on a busy machine. */
  const DRAIN_TIMEOUT_MS = 120_000;

  beforeAll(async () => {
    // Hashes slow enough (about 0.1 s each) for the queue to stay full while the test looks.
    t = await startTestApp({ BCRYPT_COST: '11' });
  });

  afterAll(async () => {
    await t.close();
  });

  /** Takes every place of the queue with real hashes; resolves once they are all done. */
  function fillHashingQueue(): Promise<unknown> {
    const hasher = t.app.get(PasswordHasher);
    const hashes: Array<Promise<unknown>> = [];
    while (!hasher.busyRefusal() && hashes.length < 1000) {
      hashes.push(hasher.hash('a password that only fills the queue'));
    }
    return Promise.allSettled(hashes);
  }

  const auditRows = async (userId: string) =>
    (
      await t.app
        .get(DataSource)
        .query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM audit_events WHERE user_id = $1', [
          userId,
        ])
    )[0]!.n;

  it(
    'answers 503 with Retry-After before reading the body, and changes nothing',
    async () => {
      const { email, password, userId, session } = await registerUser(t.app);
      const auditBefore = await auditRows(userId);
      const drained = fillHashingQueue();

      const json = { 'content-type': 'application/json' };
      const [signIn, unreadable, signUp, change, reset, health, refreshed] = await Promise.all([
        login(t.app, email, password),
        // Not JSON: a body that was parsed would be a 400.
        t.app.inject({ method: 'POST', url: '/v1/login', headers: json, payload: '{"email":' }),
        t.app.inject({ method: 'POST', url: '/v1/register', payload: { email: 'x', password: 'y' } }),
        t.app.inject({ method: 'POST', url: '/v1/user/password', payload: {} }),
        t.app.inject({ method: 'POST', url: '/v1/password/reset', payload: {} }),
        t.app.inject({ method: 'GET', url: '/healthz' }),
        refresh(t.app, session.refresh_token),
      ]);
      const stillFull = t.app.get(PasswordHasher).busyRefusal() !== undefined;

      for (const res of [signIn, unreadable, signUp, change, reset]) {
        expectProblem(res, 503, 'service_unavailable');
        expect(res.headers['retry-after']).toBe('1');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      expect(stillFull).toBe(true);
      // Routes that hash nothing are served as usual.
      expect(health.statusCode).toBe(200);
      expect(refreshed.statusCode).toBe(200);
      await drained;

      // Logged like any response, but never reached the exception filter (its "request refused").
      const lines = t.logs.entries();
      const refusedLines = lines.filter((e) => e.msg === 'request completed' && e.level === 50);
      expect(refusedLines).toHaveLength(5);
      expect(lines.filter((e) => e.msg === 'request refused')).toEqual([]);
      // The refresh's row only.
      expect(await auditRows(userId)).toBe(auditBefore + 1);

      const again = await login(t.app, email, password);
      expect(again.statusCode).toBe(200);
    },
    DRAIN_TIMEOUT_MS,
  );

  it(
    'holds a connection that comes back before Retry-After until then, and no other',
    async () => {
      const { email, password } = await registerUser(t.app);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const [impatient, other] = [
        new Agent({ keepAlive: true, maxSockets: 1 }),
        new Agent({ keepAlive: true }),
      ];
      const signIn = (agent: Agent) => timedPost(agent, port, '/v1/login', { email, password });
      try {
        const drained = fillHashingQueue();
        const first = await signIn(impatient);
        const [again, elsewhere] = await Promise.all([signIn(impatient), signIn(other)]);
        await drained;

        expect([first.status, elsewhere.status]).toEqual([503, 503]);
        // Not held (the hold lasts the second of Retry-After), even on a busy machine.
        expect(first.ms).toBeLessThan(900);
        expect(elsewhere.ms).toBeLessThan(900);
        // Answered once the second of Retry-After has passed: refused again, or served if a place freed.
        expect(again.ms).toBeGreaterThanOrEqual(1000 - first.ms - 50);
        expect([200, 503]).toContain(again.status);
        expect((await signIn(impatient)).status).toBe(200);
      } finally {
        impatient.destroy();
        other.destroy();
      }
    },
    DRAIN_TIMEOUT_MS,
  );
});

/** A JSON POST through `agent` (so on its kept-alive connection); its status and how long it took. */
function timedPost(
  agent: Agent,
  port: number,
  path: string,
  body: object,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        port,
        host: '127.0.0.1',
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
