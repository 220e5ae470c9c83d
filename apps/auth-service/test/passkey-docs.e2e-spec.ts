import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { startTestApp } from './support/test-app';

const PASSKEY = ['id', 'name', 'created_at', 'last_used_at', 'backed_up', 'transports'];

/** API.md Part 2 "Passkeys": each route, its success status and body, and its error codes. */
const ROUTES: Record<string, { success: number; body?: string[]; errors: Record<number, string[]> }> = {
  'POST /v1/passkeys/register/options': {
    success: 200,
    body: ['challenge_id', 'options'],
    errors: { 401: ['unauthorized'], 403: ['insufficient_aal'] },
  },
  'POST /v1/passkeys/register': {
    success: 201,
    body: PASSKEY,
    errors: { 400: ['invalid_passkey', 'validation_failed'] },
  },
  'GET /v1/passkeys': { success: 200, body: ['passkeys'], errors: { 401: ['unauthorized'] } },
  'PATCH /v1/passkeys/{id}': { success: 200, body: PASSKEY, errors: { 404: ['not_found'] } },
  'DELETE /v1/passkeys/{id}': {
    success: 204,
    errors: { 403: ['insufficient_aal'], 404: ['not_found'], 409: ['last_sign_in_method'] },
  },
  'POST /v1/passkeys/login/options': {
    success: 200,
    body: ['challenge_id', 'options'],
    errors: { 429: ['rate_limited'] },
  },
  'POST /v1/passkeys/login': {
    success: 200,
    body: ['user', 'session'],
    errors: { 401: ['invalid_passkey'], 403: ['user_disabled', 'email_not_verified'], 429: ['rate_limited'] },
  },
  'POST /v1/mfa/webauthn/options': {
    success: 200,
    body: ['challenge_id', 'options'],
    errors: { 401: ['invalid_mfa_token'] },
  },
  'POST /v1/mfa/verify': {
    success: 200,
    body: ['user', 'session'],
    errors: { 401: ['invalid_passkey', 'invalid_mfa_code'] },
  },
};

describe('OpenAPI document of the passkey routes', () => {
  let raw: OpenAPIObject;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    const t = await startTestApp();
    try {
      raw = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenAPIObject>();
    } finally {
      await t.close();
    }
    await SwaggerParser.validate(structuredClone(raw) as never);
    doc = (await SwaggerParser.dereference(structuredClone(raw) as never)) as unknown as OpenAPIObject;
  });

  const operation = (route: string): OperationObject => {
    const [method, path] = route.split(' ') as [string, string];
    return doc.paths[path]?.[method.toLowerCase() as 'get'] as OperationObject;
  };
  /** A property with a description of its own wraps its `$ref` in `allOf`. */
  const unwrapped = (schema: SchemaObject): SchemaObject => (schema.allOf?.[0] as SchemaObject) ?? schema;
  const bodySchema = (route: string) =>
    (operation(route).requestBody as { content: Record<string, { schema: SchemaObject }> }).content[
      'application/json'
    ]!.schema;

  it.each(Object.entries(ROUTES))(
    'documents %s with its body and errors',
    (route, { success, body, errors }) => {
      const answer = operation(route).responses[String(success)] as ResponseObject;
      expect(answer).toBeDefined();
      if (body) {
        const schema = answer.content!['application/json']!.schema as SchemaObject;
        expect([...(schema.required ?? [])].sort()).toEqual([...body].sort());
      }
      for (const [status, codes] of Object.entries(errors)) {
        const { description } = operation(route).responses[status] as ResponseObject;
        for (const code of codes)
          expect({ route, status, description }).toMatchObject({
            description: expect.stringContaining(`\`${code}\``),
          });
      }
    },
  );

  it('describes the credential JSON forms field by field', () => {
    const registration = bodySchema('POST /v1/passkeys/register');
    expect([...registration.required!].sort()).toEqual(['challenge_id', 'credential']);
    const credential = unwrapped(registration.properties!.credential as SchemaObject);
    expect([...credential.required!].sort()).toEqual([
      'clientExtensionResults',
      'id',
      'rawId',
      'response',
      'type',
    ]);
    expect([...(credential.properties!.response as SchemaObject).required!].sort()).toEqual([
      'attestationObject',
      'clientDataJSON',
    ]);

    const assertion = unwrapped(bodySchema('POST /v1/passkeys/login').properties!.credential as SchemaObject);
    expect([...(assertion.properties!.response as SchemaObject).required!].sort()).toEqual([
      'authenticatorData',
      'clientDataJSON',
      'signature',
    ]);
    const verify = bodySchema('POST /v1/mfa/verify');
    expect(verify.required).toEqual(['mfa_token']);
    expect(verify.properties).toMatchObject({ code: { type: 'string' }, challenge_id: { format: 'uuid' } });
    expect(unwrapped(verify.properties!.credential as SchemaObject).properties).toHaveProperty('response');
    expect(bodySchema('POST /v1/passkeys/login/options').properties).toMatchObject({
      email: { format: 'email' },
    });
  });

  it('lists webauthn among the factors of the MFA step', () => {
    const schemas = doc.components!.schemas as Record<string, SchemaObject>;
    expect((schemas.MfaRequiredResponse!.properties!.factors as SchemaObject).items).toMatchObject({
      enum: ['totp', 'webauthn'],
    });
  });
});
