import { ValidationFailedException } from '../errors';

/**
 * A position in a list ordered by (created_at, id), newest first: the last row of a page. `createdAt` keeps
 * Postgres' microseconds (a JavaScript Date would cut them to milliseconds and make the next
 * page skip or repeat rows), as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
 */
export interface KeysetPosition {
  createdAt: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MICROSECOND_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CURSOR_LENGTH = 512;

/** The opaque `next_cursor` of a page: base64url of `{"t": createdAt, "id": id}`. */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt, id: position.id }), 'utf8').toString(
    'base64url',
  );
}

/**
 * The position a cursor names. Anything this service did not produce is refused as a 400 on the
 * `cursor` field before it can reach SQL, so a forged value never turns into a database error.
 */
export function decodeKeysetCursor(cursor: string): KeysetPosition {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw invalidCursor();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor();
  const { t, id, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw invalidCursor();
  if (typeof t !== 'string' || !isRealInstant(t)) throw invalidCursor();
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return { createdAt: t, id: id.toLowerCase() };
}

/** Well formed and an existing instant: no 30 February, no hour 24, nothing before 1970. */
function isRealInstant(value: string): boolean {
  if (!MICROSECOND_TIME.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19);
}

function invalidCursor(): ValidationFailedException {
  return new ValidationFailedException(
    [{ field: 'cursor', message: 'cursor must be a next_cursor returned by this endpoint' }],
    'The cursor is not valid.',
  );
}
