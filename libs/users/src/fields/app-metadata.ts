/** The most `app_metadata` may hold: its compact JSON, in UTF-8 bytes. */
export const APP_METADATA_MAX_BYTES = 4096;
/** Deeper nesting is refused: roles and plan names need a few levels, not hundreds. */
export const APP_METADATA_MAX_DEPTH = 16;

/**
 * Why a value cannot be stored as `app_metadata`, or undefined when it can: it must be a JSON
 * object of at most 4 KiB, at most 16 levels deep, whose strings (keys included) Postgres `jsonb`
 * can hold (no NUL character, no lone surrogate).
 */
export function appMetadataProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'app_metadata must be a JSON object';
  const shapeProblem = problemIn(value, 1);
  if (shapeProblem) return shapeProblem;
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > APP_METADATA_MAX_BYTES) {
    return `app_metadata must be at most ${APP_METADATA_MAX_BYTES} bytes of JSON`;
  }
  return undefined;
}

function problemIn(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return storableText(value) ? undefined : UNSTORABLE;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : 'app_metadata must hold only JSON';
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value !== 'object') return 'app_metadata must hold only JSON';
  if (depth > APP_METADATA_MAX_DEPTH)
    return `app_metadata must be at most ${APP_METADATA_MAX_DEPTH} levels deep`;
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value);
  for (const [key, inner] of entries) {
    if (key !== undefined && !storableText(key)) return UNSTORABLE;
    const problem = problemIn(inner, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

const UNSTORABLE = 'app_metadata must not contain NUL characters or invalid Unicode';

const LONE_SURROGATE = /\p{Cs}/u;

function storableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
