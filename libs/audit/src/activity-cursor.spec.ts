import { AppException } from '@app/core';
import { decodeActivityCursor, encodeActivityCursor } from './activity-cursor';

const POSITION = { createdAt: '2026-03-04T05:06:07.123456Z', id: '0b6c2f0e-5d1a-4c8e-9f3b-2a7d6e5c4b3a' };

function encodeRaw(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function rejection(cursor: string): AppException {
  try {
    decodeActivityCursor(cursor);
  } catch (error) {
    return error as AppException;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('activity cursor', () => {
  it('round-trips a position, microseconds included', () => {
    const cursor = encodeActivityCursor(POSITION);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeActivityCursor(cursor)).toEqual(POSITION);
  });

  it('is stable: the same position always gives the same cursor', () => {
    expect(encodeActivityCursor({ ...POSITION })).toBe(encodeActivityCursor(POSITION));
  });

  it('reads an upper-case uuid as the lower-case one', () => {
    const cursor = encodeRaw({ t: POSITION.createdAt, id: POSITION.id.toUpperCase() });
    expect(decodeActivityCursor(cursor).id).toBe(POSITION.id);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['not JSON', Buffer.from('{"t":').toString('base64url')],
    ['JSON but not an object', encodeRaw(['2026-03-04T05:06:07.123456Z', POSITION.id])],
    ['null', encodeRaw(null)],
    ['a number', encodeRaw(42)],
    ['missing id', encodeRaw({ t: POSITION.createdAt })],
    ['missing time', encodeRaw({ id: POSITION.id })],
    ['extra field', encodeRaw({ t: POSITION.createdAt, id: POSITION.id, user: 'someone' })],
    ['id not a uuid', encodeRaw({ t: POSITION.createdAt, id: "1' OR '1'='1" })],
    ['id a number', encodeRaw({ t: POSITION.createdAt, id: 7 })],
    ['time in milliseconds', encodeRaw({ t: '2026-03-04T05:06:07.123Z', id: POSITION.id })],
    ['time with an offset', encodeRaw({ t: '2026-03-04T05:06:07.123456+01:00', id: POSITION.id })],
    ['time as epoch', encodeRaw({ t: 1772600767123, id: POSITION.id })],
    ['30 February', encodeRaw({ t: '2026-02-30T00:00:00.000000Z', id: POSITION.id })],
    ['month 13', encodeRaw({ t: '2026-13-01T00:00:00.000000Z', id: POSITION.id })],
    ['hour 24', encodeRaw({ t: '2026-03-04T24:00:00.000000Z', id: POSITION.id })],
    ['year 0', encodeRaw({ t: '0000-01-01T00:00:00.000000Z', id: POSITION.id })],
    ['too long', 'A'.repeat(513)],
  ])('refuses a cursor that is %s with validation_failed on the cursor field', (_case, cursor) => {
    const error = rejection(cursor);
    expect(error).toBeInstanceOf(AppException);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.options.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  });
});
