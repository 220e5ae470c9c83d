import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException, MalformedRequestException } from '../errors';

/**
 * Makes `application/json` the only body the service reads (any other content type is 415)
 * and parses it strictly, so that every unreadable body is a clear 400 rather than a 500.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    async (_request: FastifyRequest, body: string) => parseJsonObject(body),
  );
}

/**
 * Parses a request body that must be a JSON object. `__proto__` and `constructor.prototype`
 * keys are refused: merged into another object later they would poison its prototype.
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.length === 0) {
    throw new MalformedRequestException('The body is empty, but Content-Type says application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text, refusePoisonedKeys);
  } catch (error) {
    if (error instanceof AppException) throw error;
    throw new MalformedRequestException('The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedRequestException('The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function refusePoisonedKeys(key: string, value: unknown): unknown {
  const poisoned =
    key === '__proto__' ||
    (key === 'constructor' &&
      typeof value === 'object' &&
      value !== null &&
      Object.hasOwn(value, 'prototype'));
  if (poisoned) {
    throw new MalformedRequestException(
      'The body contains a forbidden key (__proto__ or constructor.prototype).',
    );
  }
  return value;
}
