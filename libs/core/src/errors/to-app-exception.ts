import { HttpException } from '@nestjs/common';
import { AppException, ServiceUnavailableException } from './app.exception';
import { isDatabaseUnavailable } from './database-errors';
import { genericException } from './problem';

/** What to tell the client about Fastify's own errors, whose messages are not meant for it. */
const FRAMEWORK_DETAILS: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty, but Content-Type says application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body.',
  FST_ERR_BAD_URL: 'The URL is not valid.',
};

/**
 * The contract's view of any thrown value: `AppException`s as they are, framework and HTTP
 * errors by status with a safe detail, an unreachable database as 503, anything else as 500.
 * Messages of unknown errors are never carried over: they may hold SQL, paths or secrets.
 */
export function toAppException(exception: unknown): AppException {
  if (exception instanceof AppException) return exception;
  if (exception instanceof HttpException) return genericException(exception.getStatus());
  const { statusCode, code } = (exception ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return genericException(statusCode, typeof code === 'string' ? FRAMEWORK_DETAILS[code] : undefined);
  }
  if (isDatabaseUnavailable(exception)) return new ServiceUnavailableException();
  return genericException(500);
}
