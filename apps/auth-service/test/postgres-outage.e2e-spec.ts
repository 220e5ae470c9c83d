import type { LightMyRequestResponse } from 'fastify';
import { bearer, login, refresh, registerUser, uniqueEmail, verifyToken } from './support/accounts';
import { sendOtp, verifyOtp } from './support/otp';
import { expectNothingInternal } from './support/internals';
import { dependencyUp, until } from './support/polling';
import { PostgresCluster } from './support/postgres-cluster';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

/** "Quickly": far above what a refused connection takes, far below a hung request. */
const ANSWER_WITHIN_MS = 5000;
const CLUSTER_TIMEOUT_MS = 60_000;

/*
 * The service on a Postgres cluster of this file's own, which the test stops (a fast shutdown:
 * connections cut, new ones refused) and starts again, as an outage or a failover would.
 */
describe('Postgres outage', () => {
  let cluster: PostgresCluster;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    await cluster.start();
    await cluster.createDatabase('auth');
    t = await startTestApp({ DATABASE_URL: cluster.url('auth'), DB_MIGRATE_ON_START: 'true' });
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
    await cluster?.destroy();
  }, CLUSTER_TIMEOUT_MS);

  const timed = async (call: () => Promise<LightMyRequestResponse>) => {
    const started = performance.now();
    const response = await call();
    return { response, elapsedMs: performance.now() - started };
  };
  const messages = () => t.logs.entries().map((entry) => String(entry.msg));

  it(
    'answers 503 quickly while Postgres is down, stays live, and recovers by itself with the data intact',
    async () => {
      const user = await registerUser(t.app);
      const signedIn = await login(t.app, user.email, user.password);
      expect(signedIn.statusCode).toBe(200);

      await cluster.stop();

      const calls: Array<[string, () => Promise<LightMyRequestResponse>]> = [
        ['login', () => login(t.app, user.email, user.password)],
        [
          'register',
          () =>
            t.app.inject({
              method: 'POST',
              url: '/v1/register',
              payload: { email: uniqueEmail(), password: user.password },
            }),
        ],
        ['refresh', () => refresh(t.app, signedIn.json().session.refresh_token)],
        [
          'me',
          () =>
            t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(user.session.access_token) }),
        ],
        ['otp send', () => sendOtp(t.app, { channel: 'email', purpose: 'login', email: uniqueEmail() })],
        [
          'otp verify',
          () => verifyOtp(t.app, { channel: 'email', purpose: 'login', email: user.email, code: '123456' }),
        ],
      ];
      for (const [name, call] of calls) {
        const { response, elapsedMs } = await timed(call);
        expect({ name, status: response.statusCode }).toEqual({ name, status: 503 });
        expectProblem(response, 503, 'service_unavailable');
        expect(response.headers['retry-after']).toMatch(/^\d+$/);
        expect(elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);
      }

      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      // Revocations are answered from Redis: gateways keep verifying tokens.
      expect((await verifyToken(t.app, user.session.access_token)).statusCode).toBe(200);
      await until(
        () => dependencyUp(t.app, 'postgres'),
        (up) => up === 0,
      );
      expect(messages().filter((m) => m.startsWith('postgres down ('))).toHaveLength(1);
      // The cause is logged, and only a fixed sentence reaches the public port.
      await expectNothingInternal(t.app);
      expect(messages()).toContainEqual(expect.stringMatching(/^readiness: postgres check failed \(.+\)$/));

      await cluster.start();

      await until(
        () => t.app.inject({ method: 'GET', url: '/readyz' }),
        (ready) => ready.statusCode === 200,
      );
      const again = await login(t.app, user.email, user.password);
      expect(again.statusCode).toBe(200);
      expect(again.json().user.id).toBe(user.userId);
      expect((await refresh(t.app, signedIn.json().session.refresh_token)).statusCode).toBe(200);
      await until(
        () => dependencyUp(t.app, 'postgres'),
        (up) => up === 1,
      );
      expect(messages().filter((m) => m.startsWith('postgres back'))).toHaveLength(1);
      expect(t.logs.entries().filter((entry) => entry.problem === 'internal_error')).toEqual([]);
    },
    CLUSTER_TIMEOUT_MS,
  );
});
