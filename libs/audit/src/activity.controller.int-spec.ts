import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuditService } from './audit.service';
import { AuditTestContext, createAuditTestModule } from './testing/audit-test-module';

/**
 * The route over HTTP on Fastify with the service's validation pipe and problem filter. Access
 * tokens come from a table-backed verifier: token checking belongs to the tokens module.
 */
describe('GET /v1/user/activity', () => {
  let ctx: AuditTestContext;
  let app: NestFastifyApplication;
  let audit: AuditService;

  beforeAll(async () => {
    ctx = await createAuditTestModule({ http: true });
    app = ctx.app!;
    audit = ctx.moduleRef.get(AuditService);
  });

  afterAll(async () => {
    await ctx.close();
  });

  function get(query: string, token?: string) {
    return app.inject({
      method: 'GET',
      url: `/v1/user/activity${query}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  async function userWithEvents(count: number): Promise<{ userId: string; token: string }> {
    const userId = await ctx.createUser();
    for (let i = 0; i < count; i++) {
      await audit.record('login.succeeded', {
        userId,
        client: { ip: '198.51.100.4', userAgent: 'curl/8', requestId: randomUUID() },
        metadata: { n: i },
      });
    }
    return { userId, token: ctx.verifier.issue(userId) };
  }

  it("answers 200 with the caller's events, newest first, and a cursor for the rest", async () => {
    const { token } = await userWithEvents(3);
    const first = await get('?limit=2', token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const body = first.json<{ events: Array<{ metadata: { n: number } }>; next_cursor: string }>();
    expect(body.events.map((e) => e.metadata.n)).toEqual([2, 1]);
    expect(body.next_cursor).toEqual(expect.any(String));

    const rest = await get(`?limit=2&cursor=${encodeURIComponent(body.next_cursor)}`, token);
    expect(rest.json()).toEqual({
      events: [
        {
          id: expect.any(String),
          type: 'login.succeeded',
          ip: '198.51.100.4',
          user_agent: 'curl/8',
          created_at: expect.any(String),
          metadata: { n: 0 },
        },
      ],
      next_cursor: null,
    });
  });

  it('pages 20 events by default', async () => {
    const { token } = await userWithEvents(21);
    const body = (await get('', token)).json<{ events: unknown[]; next_cursor: string | null }>();
    expect(body.events).toHaveLength(20);
    expect(body.next_cursor).not.toBeNull();
  });

  it('answers 401 without a valid access token', async () => {
    const missing = await get('');
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'unauthorized' });
    const invalid = await get('', 'not-a-known-token');
    expect(invalid.statusCode).toBe(401);
    expect(invalid.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['cursor=garbage', 'cursor'],
    [`cursor=${'a'.repeat(513)}`, 'cursor'],
    ['user_id=someone', 'user_id'],
  ])('answers 400 validation_failed for ?%s', async (query, field) => {
    const { token } = await userWithEvents(0);
    const response = await get(`?${query}`, token);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
  });

  it('is described in the OpenAPI document with its parameters, responses and bearer scheme', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    const operation = document.paths['/v1/user/activity']?.get;
    expect(operation?.tags).toEqual(['user']);
    expect(operation?.security).toEqual([{ bearer: [] }]);
    expect(operation?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
        expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
      ]),
    );
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '429']);
    const page = document.components?.schemas?.ActivityPageDto as { properties: Record<string, unknown> };
    expect(Object.keys(page.properties).sort()).toEqual(['events', 'next_cursor']);
  });
});
