import type { LightMyRequestResponse } from 'fastify';
import type { Problem } from '@app/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asserts the RFC 9457 shape of the contract and returns the parsed body. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect({ status: res.statusCode, body: res.body }).toEqual({ status, body: expect.any(String) });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body).toEqual({
    type: 'about:blank',
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    request_id: res.headers['x-request-id'],
    ...(body.errors ? { errors: body.errors } : {}),
  });
  return body;
}

export function expectUuid(value: unknown): void {
  expect(value).toMatch(UUID);
}
