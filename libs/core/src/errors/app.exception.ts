import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

export interface AppExceptionOptions {
  detail?: string;
  errors?: FieldError[];
  /** Response headers the error needs (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * An error with a stable, contract-level `code`. The global filter renders it as RFC 9457
 * problem details; `detail` is shown to the client, so it never carries internals or secrets.
 */
export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    readonly title: string,
    readonly options: AppExceptionOptions = {},
  ) {
    super(options.detail ?? title);
  }
}

export class ValidationFailedException extends AppException {
  constructor(errors: FieldError[], detail = 'The request is not valid.') {
    super(HttpStatus.BAD_REQUEST, 'validation_failed', 'Validation failed', { detail, errors });
  }
}

export class ServiceUnavailableException extends AppException {
  constructor(detail = 'A dependency of the service is unavailable; retry shortly.', retryAfterSeconds = 1) {
    super(HttpStatus.SERVICE_UNAVAILABLE, 'service_unavailable', 'Service unavailable', {
      detail,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class RateLimitedException extends AppException {
  constructor(retryAfterSeconds: number, headers: Record<string, string> = {}) {
    const retryAfter = String(Math.max(1, Math.ceil(retryAfterSeconds)));
    super(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', 'Too many requests', {
      detail: `Too many requests; retry after ${retryAfter} seconds.`,
      headers: { ...headers, 'Retry-After': retryAfter },
    });
  }
}

export class NotFoundException extends AppException {
  constructor(detail = 'The requested resource does not exist.') {
    super(HttpStatus.NOT_FOUND, 'not_found', 'Not found', { detail });
  }
}

export class UnauthorizedException extends AppException {
  constructor(detail = 'Authentication is required.', headers?: Record<string, string>) {
    super(HttpStatus.UNAUTHORIZED, 'unauthorized', 'Unauthorized', { detail, headers });
  }
}

/** A request the service cannot read at all (not JSON, not an object, a poisoned key). */
export class MalformedRequestException extends AppException {
  constructor(detail: string) {
    super(HttpStatus.BAD_REQUEST, 'bad_request', 'Bad request', { detail });
  }
}

export class MethodNotAllowedException extends AppException {
  constructor(allowedMethods: string[]) {
    const allow = allowedMethods.join(', ');
    super(HttpStatus.METHOD_NOT_ALLOWED, 'method_not_allowed', 'Method not allowed', {
      detail: `This resource allows ${allow}.`,
      headers: { Allow: allow },
    });
  }
}
