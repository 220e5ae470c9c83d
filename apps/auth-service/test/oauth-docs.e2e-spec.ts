import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { startTestApp } from './support/test-app';

interface Contract {
  success: number;
  errors: Record<number, string[]>;
  bearer?: boolean;
}

/** API.md Part 2, "Social sign-in". */
const CONTRACT: Record<string, Contract> = {
  'GET /v1/oauth/providers': { success: 200, errors: {} },
  'GET /v1/oauth/{provider}/authorize': {
    success: 302,
    errors: {
      400: ['invalid_redirect', 'validation_failed'],
      404: ['unknown_provider'],
      503: ['service_unavailable'],
    },
  },
  'GET /v1/oauth/{provider}/callback': { success: 302, errors: { 400: ['invalid_state'] } },
  'POST /v1/oauth/{provider}/callback': { success: 303, errors: { 400: ['invalid_state'] } },
  'POST /v1/oauth/token': { success: 200, errors: { 400: ['invalid_grant'], 403: ['user_disabled'] } },
  'GET /v1/user/identities': { success: 200, errors: { 401: ['unauthorized'] }, bearer: true },
  'POST /v1/user/identities/{provider}': {
    success: 200,
    errors: { 400: ['invalid_redirect'], 401: ['unauthorized'], 404: ['unknown_provider'] },
    bearer: true,
  },
  'DELETE /v1/user/identities/{id}': {
    success: 204,
    errors: { 401: ['unauthorized'], 404: ['not_found'], 409: ['last_sign_in_method'] },
    bearer: true,
  },
};

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

describe('OpenAPI document of social sign-in', () => {
  let doc: OpenAPIObject;

  beforeAll(async () => {
    const t = await startTestApp();
    try {
      doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenAPIObject>();
    } finally {
      await t.close();
    }
    await SwaggerParser.validate(structuredClone(doc) as never);
  });

  const operation = (route: string): OperationObject => {
    const [method, path] = route.split(' ') as [string, string];
    return doc.paths[path]?.[method.toLowerCase() as 'get'] as OperationObject;
  };

  it.each(Object.entries(CONTRACT))(
    '%s: success, errors as problem+json, 429 and security',
    (route, contract) => {
      const responses = operation(route).responses as Record<string, ResponseObject>;
      expect(responses[String(contract.success)]).toBeDefined();
      for (const [status, codes] of Object.entries({ ...contract.errors, 429: ['rate_limited'] })) {
        expect({ status, content: responses[status]?.content }).toEqual({ status, content: PROBLEM });
        for (const code of codes) expect(responses[status]!.description).toContain(`\`${code}\``);
      }
      expect(responses['429']!.headers?.['Retry-After']).toBeDefined();
      expect(operation(route).security ?? []).toEqual(contract.bearer ? [{ bearer: [] }] : []);
    },
  );

  it('describes the token answer as a session or the MFA step, and the strict request bodies', () => {
    const answer = (operation('POST /v1/oauth/token').responses['200'] as ResponseObject).content![
      'application/json'
    ]!;
    expect(answer.schema).toEqual({
      oneOf: [
        { $ref: '#/components/schemas/SignedIn' },
        { $ref: '#/components/schemas/MfaRequiredResponse' },
      ],
    });
    const schemas = doc.components!.schemas as Record<string, { required?: string[] }>;
    expect(schemas.OAuthTokenDto!.required?.sort()).toEqual(['code', 'code_verifier']);
    expect(schemas.IdentityLinkDto!.required?.sort()).toEqual(['code_challenge', 'redirect_to']);
  });
});
