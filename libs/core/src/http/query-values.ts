/**
 * Query values arrive as strings and the global pipe converts nothing implicitly: only plain
 * digits become a number, so `1.5`, `1e2` or ` 5` still fail `@IsInt`. For `@Transform`.
 */
export function digitsToNumber({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}
