import { randomUUID } from 'node:crypto';
import { AppException, ClientInfo } from '@app/core';
import { auditInsertFrom } from './audit-event.repository';
import { AuditService } from './audit.service';
import { AuditTestContext, createAuditTestModule } from './testing/audit-test-module';

interface StoredRow {
  user_id: string | null;
  type: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
}

function client(overrides: Partial<ClientInfo> = {}): ClientInfo {
  return { ip: '203.0.113.7', userAgent: 'jest/30 (audit)', requestId: randomUUID(), ...overrides };
}

describe('AuditService (Postgres)', () => {
  let ctx: AuditTestContext;
  let audit: AuditService;

  beforeAll(async () => {
    ctx = await createAuditTestModule();
    audit = ctx.moduleRef.get(AuditService);
  });

  afterAll(async () => {
    await ctx.close();
  });

  async function rowsOf(requestId: string): Promise<StoredRow[]> {
    return ctx.dataSource.query(
      'SELECT user_id, type, host(ip) AS ip, user_agent, request_id, metadata, created_at FROM audit_events WHERE request_id = $1',
      [requestId],
    );
  }

  describe('record', () => {
    it('stores the event with the client address, user agent, request id and metadata', async () => {
      const userId = await ctx.createUser();
      const caller = client();
      await audit.record('login.succeeded', {
        userId,
        client: caller,
        metadata: { amr: ['pwd'], aal: 'aal1' },
      });

      const [row, ...others] = await rowsOf(caller.requestId);
      expect(others).toHaveLength(0);
      expect(row).toEqual({
        user_id: userId,
        type: 'login.succeeded',
        ip: '203.0.113.7',
        user_agent: 'jest/30 (audit)',
        request_id: caller.requestId,
        metadata: { amr: ['pwd'], aal: 'aal1' },
        created_at: expect.any(Date),
      });
    });

    it('stores events without an account (a failed login for an unknown address)', async () => {
      const caller = client({ ip: '2001:db8::1', userAgent: null });
      try {
        await audit.record('login.failed', { client: caller, metadata: { reason: 'invalid_credentials' } });
        const [row] = await rowsOf(caller.requestId);
        expect(row).toMatchObject({
          user_id: null,
          ip: '2001:db8::1',
          user_agent: null,
          metadata: { reason: 'invalid_credentials' },
        });
      } finally {
        await ctx.dataSource.query('DELETE FROM audit_events WHERE request_id = $1', [caller.requestId]);
      }
    });

    it('stores an empty metadata object when none is given', async () => {
      const userId = await ctx.createUser();
      const caller = client();
      await audit.record('logout', { userId, client: caller });
      expect((await rowsOf(caller.requestId))[0]?.metadata).toEqual({});
    });

    it('never stores a value under a secret-named key, at any depth', async () => {
      const userId = await ctx.createUser();
      const caller = client();
      await audit.record('password.changed', {
        userId,
        client: caller,
        metadata: {
          password: 'correct horse battery staple',
          refresh_token: 'r3fr3sh',
          reason: 'user_request',
          factor: { code: '123456', kind: 'totp' },
        },
      });
      expect((await rowsOf(caller.requestId))[0]?.metadata).toEqual({
        password: '[redacted]',
        refresh_token: '[redacted]',
        reason: 'user_request',
        factor: { code: '[redacted]', kind: 'totp' },
      });
    });

    it('stores an address Postgres cannot hold as inet as null rather than failing', async () => {
      const userId = await ctx.createUser();
      const scoped = client({ ip: 'fe80::1%eth0' });
      const garbage = client({ ip: 'not-an-address' });
      await audit.record('logout', { userId, client: scoped });
      await audit.record('logout', { userId, client: garbage });
      expect((await rowsOf(scoped.requestId))[0]?.ip).toBe('fe80::1');
      expect((await rowsOf(garbage.requestId))[0]?.ip).toBeNull();
    });

    it("joins the caller's transaction when given its manager", async () => {
      const committed = client();
      const rolledBack = client();
      const email = `${randomUUID()}@example.test`;
      await ctx.dataSource.transaction(async (manager) => {
        const [user] = await manager.query<Array<{ id: string }>>(
          'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id',
          [email, 'not-a-hash'],
        );
        await audit.record('user.registered', { userId: user!.id, client: committed, manager });
      });
      await expect(
        ctx.dataSource.transaction(async (manager) => {
          await audit.record('logout', { client: rolledBack, manager });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      try {
        expect(await rowsOf(committed.requestId)).toHaveLength(1);
        expect(await rowsOf(rolledBack.requestId)).toHaveLength(0);
      } finally {
        await ctx.dataSource.query('DELETE FROM users WHERE email = $1', [email]);
      }
    });
  });

  describe('prepare and auditInsertFrom', () => {
    it('store, from a statement of its own, the row record would store, per source row', async () => {
      const userId = await ctx.createUser();
      const caller = client({ ip: 'fe80::1%eth0' });
      const event = audit.prepare('token.refreshed', {
        client: caller,
        metadata: { refresh_token: 'r3fr3sh', kept: 1 },
      });
      const params: unknown[] = [userId];
      const insert = auditInsertFrom(
        event,
        { from: 'source', userId: 'source.id', metadata: "jsonb_build_object('n', source.n)" },
        params,
      );
      await ctx.dataSource.query(
        `WITH source AS (SELECT $1::uuid AS id, n FROM generate_series(1, 2) AS n), audited AS (${insert})
         SELECT 1`,
        params,
      );
      const rows = await rowsOf(caller.requestId);
      expect(rows.map((row) => row.metadata.n).sort()).toEqual([1, 2]);
      expect(rows[0]).toEqual({
        user_id: userId,
        type: 'token.refreshed',
        ip: 'fe80::1',
        user_agent: 'jest/30 (audit)',
        request_id: caller.requestId,
        metadata: { refresh_token: '[redacted]', kept: 1, n: expect.any(Number) },
        created_at: expect.any(Date),
      });
    });

    it('refuses the types that webhook events may stand for, which only record writes in full', () => {
      expect(() => audit.prepare('login.failed', { client: client() })).toThrow(/use record/);
      expect(() => audit.prepare('otp.sent', { client: client() })).not.toThrow();
    });
  });

  describe('listForUser', () => {
    it('gives the event as the API shows it', async () => {
      const userId = await ctx.createUser();
      await audit.record('session.revoked', { userId, client: client(), metadata: { session_id: 's-1' } });
      const page = await audit.listForUser(userId, { limit: 10 });
      expect(page).toEqual({
        events: [
          {
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            type: 'session.revoked',
            ip: '203.0.113.7',
            user_agent: 'jest/30 (audit)',
            created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
            metadata: { session_id: 's-1' },
          },
        ],
        next_cursor: null,
      });
    });

    it('pages 25 events 10/10/5, newest first, with no duplicate or gap across equal timestamps', async () => {
      const userId = await ctx.createUser();
      for (let i = 0; i < 25; i++) {
        await audit.record('token.refreshed', { userId, client: client(), metadata: { n: i } });
      }
      // Groups of four events share one instant, and neighbouring groups differ by a single
      // microsecond, so a cursor that lost precision or ignored the id would skip or repeat.
      await ctx.dataSource.query(
        `UPDATE audit_events e SET created_at = now() - interval '1 hour' + (g.rn / 4) * interval '1 microsecond'
           FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM audit_events WHERE user_id = $1) g
          WHERE e.id = g.id`,
        [userId],
      );
      const expected = await ctx.dataSource.query<Array<{ id: string }>>(
        'SELECT id FROM audit_events WHERE user_id = $1 ORDER BY created_at DESC, id DESC',
        [userId],
      );

      const first = await audit.listForUser(userId, { limit: 10 });
      const second = await audit.listForUser(userId, { limit: 10, cursor: first.next_cursor! });
      const third = await audit.listForUser(userId, { limit: 10, cursor: second.next_cursor! });

      expect([first.events.length, second.events.length, third.events.length]).toEqual([10, 10, 5]);
      expect(first.next_cursor).toEqual(expect.any(String));
      expect(second.next_cursor).toEqual(expect.any(String));
      expect(third.next_cursor).toBeNull();
      const seen = [...first.events, ...second.events, ...third.events].map((e) => e.id);
      expect(seen).toEqual(expected.map((row) => row.id));
      expect(new Set(seen).size).toBe(25);
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      const userId = await ctx.createUser();
      for (let i = 0; i < 4; i++) await audit.record('otp.sent', { userId, client: client() });
      const first = await audit.listForUser(userId, { limit: 2 });
      const second = await audit.listForUser(userId, { limit: 2, cursor: first.next_cursor! });
      expect(second.events).toHaveLength(2);
      expect(second.next_cursor).toBeNull();
    });

    it("never shows another user's events, whatever the cursor", async () => {
      const alice = await ctx.createUser();
      const bob = await ctx.createUser();
      for (let i = 0; i < 3; i++) await audit.record('login.succeeded', { userId: alice, client: client() });
      await audit.record('login.failed', { userId: bob, client: client() });

      const alicePage = await audit.listForUser(alice, { limit: 2 });
      const bobPage = await audit.listForUser(bob, { limit: 100 });
      const bobWithAliceCursor = await audit.listForUser(bob, { limit: 100, cursor: alicePage.next_cursor! });

      expect(bobPage.events.map((e) => e.type)).toEqual(['login.failed']);
      const aliceIds = new Set((await audit.listForUser(alice, { limit: 100 })).events.map((e) => e.id));
      for (const event of [...bobPage.events, ...bobWithAliceCursor.events]) {
        expect(aliceIds.has(event.id)).toBe(false);
      }
    });

    it('refuses a malformed cursor with validation_failed on the cursor field', async () => {
      const userId = await ctx.createUser();
      const error = await audit
        .listForUser(userId, { limit: 10, cursor: 'not-a-cursor' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppException);
      expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
      expect((error as AppException).options.errors).toEqual([
        { field: 'cursor', message: expect.any(String) },
      ]);
    });

    it('gives an empty page to a user with no events', async () => {
      const userId = await ctx.createUser();
      expect(await audit.listForUser(userId, { limit: 5 })).toEqual({ events: [], next_cursor: null });
    });
  });
});
