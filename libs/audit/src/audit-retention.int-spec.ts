import { AuditRetention } from './audit-retention';
import { AuditTestContext, createAuditTestModule } from './testing/audit-test-module';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The default retention (365 days) on purpose: the run's database is shared with other test
 * files, and any service instance of the run purges with that cutoff anyway, so these purges
 * never delete a row another test could still expect.
 */
describe('AuditRetention (Postgres)', () => {
  let ctx: AuditTestContext;
  let retention: AuditRetention;

  beforeAll(async () => {
    ctx = await createAuditTestModule();
    retention = ctx.moduleRef.get(AuditRetention);
  });

  afterAll(async () => {
    await ctx.close();
  });

  /** Inserts `count` events for the user, `ageDays` before the test clock's now. */
  async function insertEvents(userId: string, ageDays: number, count = 1): Promise<string[]> {
    const at = new Date(ctx.clock.now().getTime() - ageDays * DAY_MS);
    const rows = await ctx.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO audit_events (user_id, type, created_at)
       SELECT $1, 'login.succeeded', $2::timestamptz FROM generate_series(1, $3)
       RETURNING id`,
      [userId, at, count],
    );
    return rows.map((row) => row.id);
  }

  async function remaining(ids: string[]): Promise<string[]> {
    const rows = await ctx.dataSource.query<Array<{ id: string }>>(
      'SELECT id FROM audit_events WHERE id = ANY($1)',
      [ids],
    );
    return rows.map((row) => row.id).sort();
  }

  it('deletes events older than AUDIT_RETENTION_DAYS and keeps the younger ones', async () => {
    expect(ctx.config.auditRetentionDays).toBe(365);
    const userId = await ctx.createUser();
    const expired = [...(await insertEvents(userId, 400)), ...(await insertEvents(userId, 365.01))];
    const kept = [...(await insertEvents(userId, 364.99)), ...(await insertEvents(userId, 0))];

    await retention.purgeExpired();

    expect(await remaining(expired)).toEqual([]);
    expect(await remaining(kept)).toEqual([...kept].sort());
  });

  it('measures the age from the injected clock', async () => {
    const userId = await ctx.createUser();
    const events = await insertEvents(userId, 300);
    ctx.clock.set(new Date(Date.now() - 100 * DAY_MS));
    try {
      await retention.purgeExpired();
      expect(await remaining(events)).toEqual([...events].sort());
    } finally {
      ctx.clock.set(new Date());
    }
  });

  it('works through more expired events than one batch holds', async () => {
    const userId = await ctx.createUser();
    const expired = await insertEvents(userId, 500, 23);
    const kept = await insertEvents(userId, 10, 2);

    await retention.purgeExpired(5);

    expect(await remaining(expired)).toEqual([]);
    expect(await remaining(kept)).toEqual([...kept].sort());
  });

  it('lets several purges run at once without errors or leftovers', async () => {
    const userId = await ctx.createUser();
    const expired = await insertEvents(userId, 500, 40);

    const results = await Promise.all([
      retention.purgeExpired(4),
      retention.purgeExpired(4),
      retention.purgeExpired(4),
    ]);

    expect(results.every((deleted) => Number.isInteger(deleted) && deleted >= 0)).toBe(true);
    expect(await remaining(expired)).toEqual([]);
  });
});
