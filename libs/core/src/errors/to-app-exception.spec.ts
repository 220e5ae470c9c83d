import { BadRequestException, NotFoundException as NestNotFound } from '@nestjs/common';
import { RateLimitedException } from './app.exception';
import { toAppException } from './to-app-exception';

describe('toAppException', () => {
  it('keeps an AppException as it is', () => {
    const exception = new RateLimitedException(3);
    expect(toAppException(exception)).toBe(exception);
  });

  it('maps a Nest HttpException by status, without its message', () => {
    const known = toAppException(new BadRequestException('select * from users'));
    expect(known).toMatchObject({ status: 400, code: 'bad_request' });
    expect(known.options.detail).not.toContain('select');
    expect(toAppException(new NestNotFound('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('explains the Fastify errors a client can fix', () => {
    const error = Object.assign(new Error('Body cannot be empty'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_EMPTY_JSON_BODY',
    });
    expect(toAppException(error).options.detail).toMatch(/body is empty/);
    const tooLarge = Object.assign(new Error('too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toAppException(tooLarge)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('falls back to 400 for a client error status the contract does not name', () => {
    expect(toAppException({ statusCode: 418 })).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('answers 503 when the database is unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toAppException({ driverError: refused })).toMatchObject({
      status: 503,
      code: 'service_unavailable',
    });
  });

  it.each([new Error('relation "users" does not exist'), 'a string', null, undefined, { statusCode: 502 }])(
    'hides %p behind 500 internal_error',
    (thrown) => {
      const known = toAppException(thrown);
      expect(known).toMatchObject({ status: 500, code: 'internal_error' });
      expect(known.options.detail).toBe('An unexpected error occurred.');
    },
  );
});
