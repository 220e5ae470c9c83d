import type { SchemaObject } from '@nestjs/swagger';
import type { InjectOptions } from 'fastify';
import { fitsType, Input, Operation, requiredBody, sampleOf, withField } from './openapi-inputs';

/**
 * The request that puts `value` into one input of the operation, every other input holding a
 * sample value: required body fields, required query parameters, path parameters.
 */
export function requestWith(
  operation: Operation,
  input: Input,
  value: unknown,
  headers: Record<string, string>,
): InjectOptions {
  const pathValues = Object.fromEntries(
    operation.parameters
      .filter((p) => p.in === 'path')
      .map((p) => [p.name, String(sampleOf((p.schema ?? {}) as SchemaObject))]),
  );
  const query = new URLSearchParams();
  for (const parameter of operation.parameters.filter((p) => p.in === 'query' && p.required))
    query.set(parameter.name, String(sampleOf((parameter.schema ?? {}) as SchemaObject)));
  if (input.location === 'path') pathValues[input.field] = queryText(value);
  if (input.location === 'query') setQueryValue(query, input.field, value);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(pathValues[name] ?? ''),
  );
  const search = query.toString();
  const body =
    input.location === 'body'
      ? withField(requiredBody(operation.bodySchema), input.field, value)
      : operation.bodySchema && requiredBody(operation.bodySchema);
  return {
    method: operation.method,
    url: search ? `${path}?${search}` : path,
    headers,
    ...(body !== undefined && { payload: body }),
  };
}

/** A query or path carries text: JSON values go as their text, an array as a repeated parameter. */
function setQueryValue(query: URLSearchParams, name: string, value: unknown): void {
  query.delete(name);
  if (Array.isArray(value)) {
    query.append(name, 'a');
    query.append(name, 'b');
  } else query.set(name, queryText(value));
}

function queryText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Whether the field's schema rules the value out by its type alone. A query parameter is text:
 * what counts is whether that text can be read as the type (`123` as an integer, `true` as a
 * boolean), and an array (sent as a repeated parameter) only fits an array parameter.
 */
export function wrongType(input: Input, value: unknown): boolean {
  if (input.location === 'body') return !fitsType(input.schema, value);
  if (input.location === 'path') return false;
  if (Array.isArray(value)) return input.schema.type !== 'array';
  const text = queryText(value);
  if (input.schema.type === 'integer') return !/^-?\d+$/.test(text);
  if (input.schema.type === 'number') return !Number.isFinite(Number(text)) || text.trim() === '';
  if (input.schema.type === 'boolean') return text !== 'true' && text !== 'false';
  return false;
}
