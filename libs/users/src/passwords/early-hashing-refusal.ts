import { applyDecorators } from '@nestjs/common';
import { ApiProblemResponse, RefuseEarlyWhen } from '@app/core';

/** The name under which UsersModule registers the hashing queue's refusal (see EarlyRefusals). */
export const PASSWORD_HASHING = 'password-hashing';

/**
 * On a route that hashes or checks a password: while every place of the hashing queue is taken,
 * the route answers 503 `service_unavailable` with `Retry-After` before its body is read, as the
 * hash itself would a moment later.
 */
export const RefuseWhenHashingIsBusy = () =>
  applyDecorators(
    RefuseEarlyWhen(PASSWORD_HASHING),
    ApiProblemResponse(
      503,
      '`service_unavailable`: too many password checks are in progress, or the database is ' +
        'unreachable; retry after `Retry-After` seconds.',
    ),
  );
