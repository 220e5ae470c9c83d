import { AppException, FieldError } from './app.exception';

/** RFC 9457 problem details as the contract renders them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable codes and titles for errors raised by the framework rather than by a module. */
export const GENERIC_PROBLEMS: Record<number, { code: string; title: string; detail: string }> = {
  400: { code: 'bad_request', title: 'Bad request', detail: 'The request could not be understood.' },
  401: { code: 'unauthorized', title: 'Unauthorized', detail: 'Authentication is required.' },
  403: { code: 'forbidden', title: 'Forbidden', detail: 'The request is not allowed.' },
  404: { code: 'not_found', title: 'Not found', detail: 'The requested resource does not exist.' },
  405: { code: 'method_not_allowed', title: 'Method not allowed', detail: 'The method is not allowed here.' },
  406: { code: 'not_acceptable', title: 'Not acceptable', detail: 'No acceptable representation.' },
  408: { code: 'request_timeout', title: 'Request timeout', detail: 'The request took too long to arrive.' },
  409: { code: 'conflict', title: 'Conflict', detail: 'The request conflicts with the current state.' },
  413: { code: 'payload_too_large', title: 'Payload too large', detail: 'The request body exceeds 16 KiB.' },
  414: { code: 'uri_too_long', title: 'URI too long', detail: 'The request URL is too long.' },
  415: {
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
  },
  429: { code: 'rate_limited', title: 'Too many requests', detail: 'Too many requests; retry later.' },
  431: {
    code: 'request_header_fields_too_large',
    title: 'Request header fields too large',
    detail: 'The request headers are too large.',
  },
  503: {
    code: 'service_unavailable',
    title: 'Service unavailable',
    detail: 'A dependency of the service is unavailable; retry shortly.',
  },
  500: { code: 'internal_error', title: 'Internal error', detail: 'An unexpected error occurred.' },
};

/** The generic problem for a status; unknown statuses fall back to 400 or 500. */
export function genericException(status: number, detail?: string): AppException {
  const effective = GENERIC_PROBLEMS[status] ? status : status >= 500 ? 500 : 400;
  const known = GENERIC_PROBLEMS[effective]!;
  return new AppException(effective, known.code, known.title, { detail: detail ?? known.detail });
}

export function toProblem(known: AppException, requestId: string): Problem {
  return {
    type: 'about:blank',
    title: known.title,
    status: known.status,
    detail: known.options.detail ?? known.title,
    code: known.code,
    request_id: requestId,
    ...(known.options.errors ? { errors: known.options.errors } : {}),
  };
}
