import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FieldError } from './app.exception';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';

@ApiSchema({ name: 'FieldError' })
class FieldErrorDocument implements FieldError {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;
}

/** The OpenAPI schema of an RFC 9457 problem as the service renders every error. */
@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' })
export class ProblemDocument implements Problem {
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  @ApiProperty({ example: 'Validation failed' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request is not valid.' })
  detail!: string;

  @ApiProperty({ description: 'Stable, machine-readable error code.', example: 'validation_failed' })
  code!: string;

  @ApiProperty({ description: 'The X-Request-Id of the request, for support and logs.' })
  request_id!: string;

  @ApiPropertyOptional({ type: [FieldErrorDocument], description: 'One entry per invalid field.' })
  errors?: FieldError[];
}

/** The response object of an error, for `DocumentBuilder.addGlobalResponse` and the decorator. */
export function problemResponse(status: number, description: string) {
  return {
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocument) } } },
  };
}

/** Documents an error a route may answer, e.g. `@ApiProblemResponse(409, 'email_taken: ...')`. */
export const ApiProblemResponse = (status: number, description: string): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiExtraModels(ProblemDocument), ApiResponse(problemResponse(status, description)));

/** Response headers as OpenAPI documents them, shared by every controller. */
export const NO_STORE_HEADER = {
  'Cache-Control': { description: '`no-store`', required: true, schema: { type: 'string' } },
};

/** The `WWW-Authenticate` header of a 401 (or 403) of a bearer-protected route, for the OpenAPI document. */
export function bearerChallengeHeader(
  description = 'RFC 6750 challenge, e.g. `Bearer error="invalid_token"`.',
) {
  return { 'WWW-Authenticate': { description, required: true, schema: { type: 'string' } } };
}

export const BEARER_CHALLENGE_HEADER = bearerChallengeHeader();

export const RATE_LIMIT_HEADERS = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    required: true,
    schema: { type: 'integer' },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed per window, of the limit closest to running out.',
    schema: { type: 'integer' },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the window of that limit.',
    schema: { type: 'integer' },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window of that limit resets.',
    schema: { type: 'integer' },
  },
};
