import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { startTestApp } from './support/test-app';

/** `bearer`: "(Bearer)" in API.md; `exempt`: not under the per-IP limits (gateway routes). */
type Trait = 'bearer' | 'no-store' | 'exempt';

interface Contract {
  success: number;
  /** Required fields of the success body; none for a 204. */
  body?: string[];
  /** Error status -> the codes its description must name. */
  errors: Record<number, string[]>;
  traits?: Trait[];
}

const USER = (
  'id email email_verified phone phone_verified display_name mfa_enabled created_at ' +
  'app_metadata has_password last_sign_in_at'
).split(' ');
const SESSION = 'access_token token_type expires_in refresh_token refresh_expires_in session_id'.split(' ');
const UNAUTHORIZED = { 401: ['unauthorized'] };

/** API.md's "Accounts" and "For gateways and other services" sections. */
const CONTRACT: Record<string, Contract> = {
  'POST /v1/register': {
    success: 201,
    body: ['user', 'session'],
    errors: { 400: ['validation_failed', 'weak_password'], 409: ['email_taken'], 429: ['rate_limited'] },
    traits: ['no-store'],
  },
  'POST /v1/login': {
    success: 200,
    errors: { 401: ['invalid_credentials'], 403: ['email_not_verified'], 429: ['rate_limited'] },
    traits: ['no-store'],
  },
  'POST /v1/token/refresh': {
    success: 200,
    body: ['session'],
    errors: { 401: ['invalid_refresh_token', 'refresh_token_reused'] },
    traits: ['no-store'],
  },
  'POST /v1/logout': { success: 204, errors: UNAUTHORIZED, traits: ['bearer'] },
  'GET /v1/user/me': { success: 200, body: USER, errors: UNAUTHORIZED, traits: ['bearer'] },
  'GET /v1/user/activity': {
    success: 200,
    body: ['events', 'next_cursor'],
    errors: { 400: ['validation_failed'], ...UNAUTHORIZED },
    traits: ['bearer', 'no-store'],
  },
  'GET /v1/user/sessions': { success: 200, body: ['sessions'], errors: UNAUTHORIZED, traits: ['bearer'] },
  'DELETE /v1/user/sessions/{id}': {
    success: 204,
    errors: { ...UNAUTHORIZED, 404: ['not_found'] },
    traits: ['bearer'],
  },
  'POST /v1/user/password': {
    success: 204,
    errors: { 400: ['weak_password'], 401: ['invalid_credentials', 'unauthorized'] },
    traits: ['bearer'],
  },
  'GET /v1/verify-token': {
    success: 200,
    body: ['active', 'sub', 'sid', 'exp', 'iat', 'aal', 'amr', 'email'],
    errors: UNAUTHORIZED,
    traits: ['bearer', 'no-store', 'exempt'],
  },
  'GET /.well-known/jwks.json': { success: 200, body: ['keys'], errors: {}, traits: ['exempt'] },
};

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

describe('OpenAPI document against the accounts and gateway contract', () => {
  let raw: OpenAPIObject;
  let resolved: OpenAPIObject;
  let jwks: { keys: Array<Record<string, unknown>> };

  beforeAll(async () => {
    const t = await startTestApp();
    try {
      raw = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenAPIObject>();
      jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    } finally {
      await t.close();
    }
    await SwaggerParser.validate(structuredClone(raw) as never);
    resolved = (await SwaggerParser.dereference(structuredClone(raw) as never)) as unknown as OpenAPIObject;
  });

  const operation = (doc: OpenAPIObject, route: string): OperationObject => {
    const [method, path] = route.split(' ') as [string, string];
    return doc.paths[path]?.[method.toLowerCase() as 'get'] as OperationObject;
  };
  const response = (doc: OpenAPIObject, route: string, status: number) =>
    operation(doc, route).responses[String(status)] as ResponseObject;
  const json = (doc: OpenAPIObject, route: string, status: number) =>
    response(doc, route, status).content?.['application/json']?.schema as SchemaObject;
  const requestBody = (route: string) =>
    operation(resolved, route).requestBody as {
      required?: boolean;
      content: Record<string, { schema: SchemaObject }>;
    };
  const sorted = (fields: string[] | undefined) => [...(fields ?? [])].sort();

  describe.each(Object.entries(CONTRACT))('%s', (route, { success, body, errors, traits = [] }) => {
    it('exists, with its success status and body', () => {
      const answer = response(raw, route, success);
      expect(answer).toBeDefined();
      if (body) expect(sorted(json(resolved, route, success).required)).toEqual(sorted(body));
      if (success === 204) expect(answer.content).toBeUndefined();
      if (traits.includes('no-store'))
        expect(answer.headers?.['Cache-Control']).toMatchObject({ required: true });
    });

    it('documents every error as problem+json, naming the contract codes', () => {
      for (const [status, codes] of Object.entries(errors)) {
        const { description, content } = response(raw, route, Number(status)) ?? {};
        expect({ status, content }).toEqual({ status, content: PROBLEM });
        for (const code of codes)
          expect({ status, description }).toMatchObject({
            description: expect.stringContaining(`\`${code}\``),
          });
      }
      for (const [status, documented] of Object.entries(operation(raw, route).responses)) {
        if (Number(status) >= 400)
          expect({ status, content: (documented as ResponseObject).content }).toEqual({
            status,
            content: PROBLEM,
          });
      }
    });

    it('has bearer security exactly where the contract says so', () => {
      if (traits.includes('bearer')) {
        expect(operation(raw, route).security).toEqual([{ bearer: [] }]);
        expect(response(raw, route, 401).headers?.['WWW-Authenticate']).toBeDefined();
      } else {
        expect(operation(raw, route).security ?? []).toEqual([]);
      }
    });

    it('documents 429 with Retry-After and RateLimit-* unless exempt from the limits', () => {
      const limited = response(raw, route, 429);
      if (traits.includes('exempt')) return expect(limited).toBeUndefined();
      expect(limited).toMatchObject({
        content: PROBLEM,
        description: expect.stringContaining('`rate_limited`'),
      });
      expect(limited.headers?.['Retry-After']).toMatchObject({ required: true, schema: { type: 'integer' } });
      for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) {
        expect(limited.headers?.[name]).toMatchObject({ schema: { type: 'integer' } });
      }
    });
  });

  it('declares the bearer scheme as an HTTP bearer JWT', () => {
    expect(raw.components?.securitySchemes?.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('gives the request bodies their required fields', () => {
    const required = (route: string) =>
      sorted(requestBody(route).content['application/json']!.schema.required);
    expect(required('POST /v1/register')).toEqual(['email', 'password']);
    expect(required('POST /v1/login')).toEqual(['email', 'password']);
    expect(required('POST /v1/token/refresh')).toEqual(['refresh_token']);
    expect(required('POST /v1/user/password')).toEqual(['current_password', 'new_password']);
    expect(requestBody('POST /v1/logout')).toMatchObject({
      required: false,
      content: {
        'application/json': { schema: { properties: { scope: { enum: ['local', 'others', 'global'] } } } },
      },
    });
  });

  it('answers login with either a session or the MFA step', () => {
    expect(json(raw, 'POST /v1/login', 200)).toEqual({
      oneOf: [
        { $ref: '#/components/schemas/SignedIn' },
        { $ref: '#/components/schemas/MfaRequiredResponse' },
      ],
    });
    const [signedIn, mfa] = json(resolved, 'POST /v1/login', 200).oneOf as SchemaObject[];
    expect(sorted(signedIn!.required)).toEqual(['session', 'user']);
    expect(sorted(mfa!.required)).toEqual(['factors', 'mfa_required', 'mfa_token', 'mfa_token_expires_in']);
  });

  it('describes the User and Session objects field for field, durations as integers', () => {
    const schemas = resolved.components!.schemas as Record<string, SchemaObject>;
    expect(sorted(schemas.UserResponse!.required)).toEqual(sorted(USER));
    expect(sorted(schemas.SessionTokens!.required)).toEqual(sorted(SESSION));
    expect(schemas.SessionTokens!.properties).toMatchObject({
      expires_in: { type: 'integer' },
      refresh_expires_in: { type: 'integer' },
    });
    expect(json(resolved, 'POST /v1/register', 201).properties?.session).toMatchObject({ nullable: true });
  });

  it('sends the identity headers with a verified token and the challenge with a refusal', () => {
    const verified = response(raw, 'GET /v1/verify-token', 200);
    for (const name of ['X-Auth-User-Id', 'X-Auth-Session-Id', 'X-Auth-Aal']) {
      expect(verified.headers?.[name]).toMatchObject({ required: true });
    }
    expect(response(raw, 'GET /v1/verify-token', 401).headers?.['WWW-Authenticate']).toMatchObject({
      required: true,
      description: expect.stringContaining('Bearer error="invalid_token"'),
    });
  });

  it('describes the JWKS as an array of keys, as the service serves it', () => {
    const keys = json(resolved, 'GET /.well-known/jwks.json', 200).properties?.keys as SchemaObject;
    const key = keys.items as SchemaObject;
    expect(keys.type).toBe('array');
    expect(key.required).toEqual(expect.arrayContaining(['kty', 'kid', 'alg', 'use']));
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const served of jwks.keys)
      expect(Object.keys(served)).toEqual(expect.arrayContaining(key.required!));
  });
});
