import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '@app/core';
import { testConfig } from '@app/core/testing';
import { bearer, registerUser } from './support/accounts';
import { createOwnDatabase } from './support/own-database';
import { until } from './support/polling';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

const ADMIN_KEY = 'ops-key-'.padEnd(40, '3');

interface Delivery {
  id: string;
  event_id: string;
  type: string;
  url: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

/**
 * Delivery itself: retries, failure, the admin routes, isolation from slow receivers, and
 * instances sharing (and taking over) the outbox. On a database of its own, so that no other
 * test file's instance sends these rows on another schedule.
 */
describe('webhook delivery', () => {
  let database: { url: string; drop(): Promise<void> };
  let receiver: WebhookReceiver;
  const running: TestApp[] = [];

  /** A fast schedule for the tests: three attempts in all, a second apart at most. */
  function deliveryConfig(webhooks: Partial<AppConfig['webhooks']> = {}): AppConfig {
    const config = testConfig({
      DATABASE_URL: database.url,
      DB_MIGRATE_ON_START: 'true',
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
    });
    return {
      ...config,
      webhooks: { ...config.webhooks, retryDelaysMs: [300, 300], timeoutMs: 1000, ...webhooks },
    };
  }

  async function start(webhooks: Partial<AppConfig['webhooks']> = {}): Promise<TestApp> {
    const t = await startTestApp({}, deliveryConfig(webhooks));
    running.push(t);
    return t;
  }

  async function stop(t: TestApp): Promise<void> {
    running.splice(running.indexOf(t), 1);
    await t.close();
  }

  const deliveriesOf = async (t: TestApp, query = ''): Promise<Delivery[]> => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/webhooks/deliveries${query}`,
      headers: bearer(ADMIN_KEY),
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ deliveries: Delivery[] }>().deliveries;
  };

  const deliveryOf = async (t: TestApp, eventId: string): Promise<Delivery | undefined> =>
    (await deliveriesOf(t, '?limit=100')).find((d) => d.event_id === eventId);

  const requestsWith = (eventId: string) =>
    receiver.requests.filter((r) => r.headers['webhook-id'] === eventId);

  beforeAll(async () => {
    database = await createOwnDatabase();
    receiver = await WebhookReceiver.start();
  });

  /** Every test leaves the outbox empty, so that the next one meets none of its deliveries. */
  afterEach(async () => {
    receiver.behave('ok');
    const [any] = running;
    if (any) {
      await until(
        async () => (await deliveriesOf(any, '?status=pending')).length,
        (pending) => pending === 0,
      );
    }
    await Promise.all(running.splice(0).map((t) => t.close()));
    expect(receiver.rejected).toEqual([]);
  });

  afterAll(async () => {
    await receiver?.close();
    await database?.drop();
  });

  it('retries after a 500 with the same webhook-id and a fresh signature, until a 2xx', async () => {
    const t = await start();
    receiver.behave('fail');
    const user = await registerUser(t.app);
    const [first] = await until(
      async () => receiver.of(user.userId, 'user.created'),
      (found) => found.length >= 1,
    );
    receiver.behave('ok');

    const delivered = await until(
      () => deliveryOf(t, first!.id),
      (d) => d?.status === 'delivered',
    );
    expect(delivered).toMatchObject({
      type: 'user.created',
      url: receiver.url,
      attempts: 2,
      last_status_code: 204,
    });
    expect(delivered!.delivered_at).not.toBeNull();
    const attempts = receiver.of(user.userId, 'user.created');
    expect(attempts.map((e) => e.id)).toEqual([first!.id, first!.id]);
    expect(attempts[1]!.raw).toBe(attempts[0]!.raw);
    expect(requestsWith(first!.id)).toHaveLength(2);
  });

  it('marks a delivery failed after the last attempt; an admin retry queues it again at once', async () => {
    const t = await start();
    receiver.behave('fail');
    const user = await registerUser(t.app);
    const [event] = await until(
      async () => receiver.of(user.userId, 'user.created'),
      (found) => found.length >= 1,
    );
    const failed = await until(
      () => deliveryOf(t, event!.id),
      (d) => d?.status === 'failed',
    );
    expect(failed).toMatchObject({
      attempts: 3,
      last_status_code: 500,
      last_error: 'receiver answered 500',
      next_attempt_at: null,
    });
    expect((await deliveriesOf(t, '?status=failed&type=user.created')).map((d) => d.id)).toContain(
      failed!.id,
    );
    expect(requestsWith(event!.id)).toHaveLength(3);

    receiver.behave('ok');
    const retry = () =>
      t.app.inject({
        method: 'POST',
        url: `/admin/v1/webhooks/deliveries/${failed!.id}/retry`,
        headers: bearer(ADMIN_KEY),
      });
    expect((await retry()).statusCode).toBe(202);
    await until(
      () => deliveryOf(t, event!.id),
      (d) => d?.status === 'delivered',
    );
    expect(requestsWith(event!.id)).toHaveLength(4);
    expectProblem(await retry(), 409, 'already_delivered');

    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/v1/webhooks/deliveries/${id}/retry`,
        headers: bearer(ADMIN_KEY),
      });
      expectProblem(res, 404, 'not_found');
    }
  });

  it('counts attempts by result and shows the queue depth in /metrics', async () => {
    const t = await start();
    receiver.behave('fail');
    const user = await registerUser(t.app);
    await until(
      async () => receiver.of(user.userId),
      (found) => found.length >= 2,
    );
    receiver.behave('ok');
    await until(
      async () => (await deliveriesOf(t, '?status=pending')).length,
      (pending) => pending === 0,
    );

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^webhook_deliveries_total\{result="retrying"\} [1-9]/m);
    expect(metrics).toMatch(/^webhook_deliveries_total\{result="delivered"\} [1-9]/m);
    expect(metrics).toMatch(/^webhook_queue_depth \d+$/m);
  });

  it('answers the user at normal speed while the receiver hangs, with a few attempts in flight at most', async () => {
    const t = await start({ concurrency: 4, timeoutMs: 8000 });
    const timed = async () => {
      const started = performance.now();
      await registerUser(t.app);
      return performance.now() - started;
    };
    const normal = Math.max(await timed(), await timed(), await timed());
    await until(
      async () => (await deliveriesOf(t, '?status=pending')).length,
      (pending) => pending === 0,
    );

    receiver.behave('hang');
    receiver.resetMaxOpen();
    const slowest = Math.max(await timed(), await timed(), await timed(), await timed());
    expect(slowest).toBeLessThan(2 * normal + 1500);
    await until(
      async () => receiver.maxOpen,
      (open) => open >= 4,
    );
    expect(receiver.maxOpen).toBe(4);

    const timedOut = await until(
      async () =>
        (await deliveriesOf(t, '?status=pending')).filter(
          (d) => d.last_error === 'timeout: no answer in time',
        ),
      (found) => found.length > 0,
    );
    expect(timedOut[0]!.last_status_code).toBeNull();
    expect(timedOut[0]!.attempts).toBe(1);
    expect(receiver.maxOpen).toBe(4);
  });

  it('lets another instance deliver what a stopped instance had in flight, with the same webhook-id', async () => {
    const first = await start({ timeoutMs: 30_000 });
    receiver.behave('hang');
    const user = await registerUser(first.app);
    const [held] = await until(
      async () => receiver.of(user.userId, 'user.created'),
      (found) => found.length >= 1,
    );
    await stop(first);

    receiver.behave('ok');
    const second = await start();
    const delivered = await until(
      () => deliveryOf(second, held!.id),
      (d) => d?.status === 'delivered',
    );
    expect(delivered!.attempts).toBe(1);
    expect(requestsWith(held!.id)).toHaveLength(2);
  });

  it('takes over a claim whose instance stopped answering once its lease has passed', async () => {
    const stuck = await start({ timeoutMs: 30_000, leaseMs: 1000 });
    receiver.behave('hang');
    const user = await registerUser(stuck.app);
    const [held] = await until(
      async () => receiver.of(user.userId, 'user.created'),
      (found) => found.length >= 1,
    );
    receiver.behave('ok');
    const other = await start();

    const delivered = await until(
      () => deliveryOf(other, held!.id),
      (d) => d?.status === 'delivered',
    );
    expect(delivered!.attempts).toBe(2);
  });

  it('has two instances on one database send each attempt once', async () => {
    const [a, b] = [await start(), await start()];
    const users = await Promise.all(
      Array.from({ length: 12 }, (_, i) => registerUser((i % 2 === 0 ? a : b).app)),
    );
    const ids = users.map((u) => u.userId);
    const events = await until(
      async () => receiver.events.filter((e) => ids.includes(e.data.user_id as string)),
      (found) => found.length >= 24,
    );
    await sleep(1000);
    const perId = new Map<string, number>();
    for (const r of receiver.requests) {
      const id = String(r.headers['webhook-id']);
      if (events.some((e) => e.id === id)) perId.set(id, (perId.get(id) ?? 0) + 1);
    }
    expect(perId.size).toBe(24);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
  });

  it('guards the admin routes with the admin keys and validates their queries', async () => {
    const t = await start();
    const get = (url: string, headers: Record<string, string> = bearer(ADMIN_KEY)) =>
      t.app.inject({ method: 'GET', url, headers });
    expectProblem(await get('/admin/v1/webhooks/deliveries', {}), 401, 'unauthorized');
    const user = await registerUser(t.app);
    expectProblem(
      await get('/admin/v1/webhooks/deliveries', bearer(user.session.access_token)),
      401,
      'unauthorized',
    );
    for (const query of [
      'status=sent',
      'type=user.exploded',
      'limit=0',
      'limit=101',
      'limit=1.5',
      'cursor=x',
      'id=1',
    ]) {
      expectProblem(await get(`/admin/v1/webhooks/deliveries?${query}`), 400, 'validation_failed');
    }

    await until(
      async () => (await deliveriesOf(t, '?limit=100')).length,
      (n) => n >= 2,
    );
    const page = await get('/admin/v1/webhooks/deliveries?limit=1');
    const { deliveries, next_cursor } = page.json<{ deliveries: Delivery[]; next_cursor: string }>();
    expect(deliveries).toHaveLength(1);
    const next = await get(`/admin/v1/webhooks/deliveries?limit=1&cursor=${next_cursor}`);
    expect(next.json<{ deliveries: Delivery[] }>().deliveries[0]!.id).not.toBe(deliveries[0]!.id);
  });
});
