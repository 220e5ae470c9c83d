import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, registerUser } from './support/accounts';
import { Input, inputsOf, Operation, operationsOf } from './support/openapi-inputs';
import { requestWith, wrongType } from './support/openapi-requests';
import { startTestApp, TestApp } from './support/test-app';

/** Every JSON type, the empty string, a value far over any limit, and a NUL. */
const VALUES: Array<[label: string, value: unknown]> = [
  ['null', null],
  ['true', true],
  ['123', 123],
  ['[]', []],
  ['{}', {}],
  ['""', ''],
  ['a 20,000-character string', 'x'.repeat(20_000)],
  ['"\\u0000"', '\u0000'],
];

/** Answers that may come before validation: authentication, the route itself, the body limit, a limit. */
const ANSWERED_FIRST = [401, 403, 404, 413, 429];

/** Requests in flight at once: enough to keep bcrypt's threads busy, few enough for a small machine. */
const CONCURRENCY = 8;

/*
 * Every field of every JSON body, and every query and path parameter, of every operation the
 * OpenAPI document describes, gets each value above. None may answer 5xx; every error is a
 * problem document; a value of a JSON type the field does not allow is refused with 400
 * `validation_failed` naming the field, unless authentication or the route answers first.
 */
describe('bad values in every documented input', () => {
  let t: TestApp;
  let operations: Operation[];

  beforeAll(async () => {
    // Thousands of requests from one IP: the per-IP ceiling would answer most of them first.
    t = await startTestApp({ RATE_LIMIT_GLOBAL: '1000000/60' });
    const raw = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenAPIObject>();
    const document = (await SwaggerParser.dereference(raw as never)) as unknown as OpenAPIObject;
    // The probe routes exist only in these tests, and one of them fails on purpose.
    operations = operationsOf(document).filter((operation) => !operation.path.startsWith('/v1/probe/'));
  });

  afterAll(async () => {
    await t.close();
  });

  it('covers the documented inputs, body fields, query and path parameters alike', () => {
    const inputs = operations.flatMap((operation) =>
      inputsOf(operation).map(
        (input) => `${operation.method} ${operation.path} ${input.location}:${input.field}`,
      ),
    );
    expect(inputs).toEqual(
      expect.arrayContaining([
        'POST /v1/otp/send body:email',
        'POST /v1/register body:display_name',
        'POST /v1/logout body:scope',
        'GET /v1/user/activity query:cursor',
        'DELETE /v1/user/sessions/{id} path:id',
        'POST /v1/passkeys/login body:credential',
        'POST /v1/mfa/verify body:challenge_id',
        'PATCH /v1/passkeys/{id} body:name',
      ]),
    );
  });

  it('answers each with a 4xx problem, never a 5xx', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const inputs = inputsOf(operation);
      if (inputs.length === 0) continue;
      const headers = operation.secured ? bearer((await registerUser(t.app)).session.access_token) : {};
      const cases = inputs.flatMap((input) => VALUES.map(([label, value]) => ({ input, label, value })));
      for (let i = 0; i < cases.length; i += CONCURRENCY) {
        const batch = cases.slice(i, i + CONCURRENCY);
        const answers = await Promise.all(
          batch.map(({ input, value }) => t.app.inject(requestWith(operation, input, value, headers))),
        );
        batch.forEach(({ input, label, value }, index) => {
          const problem = checkAnswer(input, value, answers[index]!);
          if (problem)
            failures.push(
              `${operation.method} ${operation.path} ${input.location}:${input.field}=${label}: ${problem}`,
            );
        });
      }
    }
    expect(failures).toEqual([]);
  });
});

/** What is wrong with the answer to one value, or undefined when it is right. */
function checkAnswer(input: Input, value: unknown, res: LightMyRequestResponse): string | undefined {
  const shown = `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 500) return `answered ${shown}`;
  if (res.statusCode >= 400) {
    if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
      return `answered ${res.statusCode} with ${String(res.headers['content-type'])}, not problem+json`;
    const problem = res.json<{ status?: number; code?: unknown; errors?: Array<{ field: string }> }>();
    if (problem.status !== res.statusCode || typeof problem.code !== 'string')
      return `answered a malformed problem: ${shown}`;
    if (!wrongType(input, value) || ANSWERED_FIRST.includes(res.statusCode)) return undefined;
    if (problem.code !== 'validation_failed') return `a value of the wrong type got ${shown}`;
    const named = (problem.errors ?? []).some(
      ({ field }) => field === input.field || input.field.startsWith(`${field}.`),
    );
    return named ? undefined : `validation_failed does not name the field: ${shown}`;
  }
  if (wrongType(input, value)) return `a value of the wrong type was accepted: ${shown}`;
  return undefined;
}
