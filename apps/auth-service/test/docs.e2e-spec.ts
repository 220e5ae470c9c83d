import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { testConfig } from '@app/core/testing';
import { createApp } from '../src/app.factory';
import { previewOpenApiDocument } from '../src/openapi-preview';
import { startTestApp, TestApp } from './support/test-app';

describe('API documentation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('swagger-ui');
  });

  it('serves a valid OpenAPI 3 document at /docs-json describing the routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const document = res.json<OpenAPIObject>();
    expect(document.openapi).toMatch(/^3\./);

    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/v1/probe/echo']),
    );
    expect(document.paths['/metrics']).toBeUndefined();
    const schemas = document.components?.schemas ?? {};
    expect(schemas.ProbeEchoDto).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['email', 'count']),
      properties: { email: { type: 'string' }, count: { type: 'number' } },
    });
    expect(schemas.Problem).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'request_id']),
    });
  });

  it('documents errors as problem+json, on every operation for 500', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenAPIObject>();
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

    expect(document.paths['/v1/probe/echo']?.post?.responses['400']).toMatchObject({ content: problem });
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of [item.get, item.post, item.delete].filter((o) => o !== undefined)) {
        expect({ path, response: operation.responses['500'] }).toMatchObject({
          path,
          response: { content: problem },
        });
      }
    }
    expect(document.paths['/readyz']?.get?.responses['503']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ReadinessResponse' } } },
    });
  });

  it('is the document `npm run lint` checks: the one built without connecting to anything', async () => {
    const config = testConfig();
    const app = await createApp(config);
    try {
      const served = (await app.inject({ method: 'GET', url: '/docs-json' })).json<OpenAPIObject>();
      expect(await previewOpenApiDocument(config)).toEqual(served);
    } finally {
      await app.close();
    }
  });
});
