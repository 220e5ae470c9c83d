import type { OpenAPIObject, ParameterObject, RequestBodyObject, SchemaObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { STRONG_PASSWORD, uniqueEmail } from './accounts';

/**
 * Every input of every operation, as the OpenAPI document (dereferenced) describes it: the one
 * list of routes and fields the end-to-end tests of bad input go through, so a route is covered
 * the moment it is documented.
 */
export interface Operation {
  method: string;
  /** The path template, e.g. `/v1/user/sessions/{id}`. */
  path: string;
  /** Whether it declares a security requirement (it then gets a user's access token). */
  secured: boolean;
  bodySchema?: SchemaObject;
  parameters: ParameterObject[];
}

export interface Input {
  location: 'body' | 'query' | 'path';
  /** The field's path in the body (`a.b` for a nested field), or the parameter's name. */
  field: string;
  schema: SchemaObject;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const body = operation.requestBody as RequestBodyObject | undefined;
      return [
        {
          method: method.toUpperCase(),
          path,
          secured: (operation.security ?? []).length > 0,
          bodySchema: body?.content['application/json']?.schema as SchemaObject | undefined,
          parameters: (operation.parameters ?? []) as ParameterObject[],
        },
      ];
    }),
  );
}

export function inputsOf(operation: Operation): Input[] {
  const parameters = operation.parameters
    .filter((parameter) => parameter.in === 'query' || parameter.in === 'path')
    .map((parameter) => ({
      location: parameter.in as 'query' | 'path',
      field: parameter.name,
      schema: (parameter.schema ?? {}) as SchemaObject,
    }));
  return [...bodyFields(operation.bodySchema), ...parameters];
}

function bodyFields(schema: SchemaObject | undefined, prefix = ''): Input[] {
  return Object.entries(propertiesOf(schema)).flatMap(([name, property]) => {
    const field = `${prefix}${name}`;
    return [{ location: 'body' as const, field, schema: property }, ...bodyFields(property, `${field}.`)];
  });
}

/** The properties of an object schema, those of its `allOf` parts included. */
function propertiesOf(schema: SchemaObject | undefined): Record<string, SchemaObject> {
  if (!schema) return {};
  const own = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const inherited = (schema.allOf ?? []).map((part) => propertiesOf(part as SchemaObject));
  return Object.assign({}, ...inherited, own) as Record<string, SchemaObject>;
}

function requiredOf(schema: SchemaObject): string[] {
  return [
    ...(schema.required ?? []),
    ...(schema.allOf ?? []).flatMap((part) => requiredOf(part as SchemaObject)),
  ];
}

/**
 * A plausible value for the schema, so that the other fields of a request do not hide the one
 * under test; it need not pass every rule (a pattern, say), since errors are per field.
 */
export function sampleOf(schema: SchemaObject): unknown {
  if (schema.format === 'email') return uniqueEmail();
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'password') return STRONG_PASSWORD;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const parts = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  if (parts.length > 0 && !schema.type) return sampleOf(parts[0] as SchemaObject);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        sampleOf((schema.items ?? {}) as SchemaObject),
      );
    case 'object':
      return requiredBody(schema);
    default:
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** A body holding the schema's required fields, each with a sample value. */
export function requiredBody(schema: SchemaObject | undefined): Record<string, unknown> {
  if (!schema) return {};
  const properties = propertiesOf(schema);
  return Object.fromEntries(requiredOf(schema).map((name) => [name, sampleOf(properties[name] ?? {})]));
}

/** Whether the value is of a JSON type the schema allows; its other rules are not considered. */
export function fitsType(schema: SchemaObject, value: unknown): boolean {
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])] as SchemaObject[];
  if (alternatives.length > 0) return alternatives.some((alternative) => fitsType(alternative, value));
  const parts = (schema.allOf ?? []) as SchemaObject[];
  if (parts.some((part) => !fitsType(part, value))) return false;
  if (value === null) return schema.nullable === true;
  const types = [schema.type].flat().filter((type) => type !== undefined);
  if (types.length === 0) return true;
  return types.some((type) => {
    if (type === 'integer') return Number.isInteger(value);
    if (type === 'array') return Array.isArray(value);
    if (type === 'object') return typeof value === 'object' && !Array.isArray(value);
    return typeof value === type;
  });
}

/** Sets `a.b` in a body, creating the objects on the way. */
export function withField(
  body: Record<string, unknown>,
  field: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(body);
  const names = field.split('.');
  let target = copy;
  for (const name of names.slice(0, -1)) {
    const next = target[name];
    target[name] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
    target = target[name] as Record<string, unknown>;
  }
  target[names.at(-1)!] = value;
  return copy;
}
