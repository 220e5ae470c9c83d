import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException, ServiceUnavailableException } from './app.exception';
import { isDatabaseUnavailable } from './database-errors';
import { GENERIC_PROBLEMS, Problem, PROBLEM_CONTENT_TYPE } from './problem';

/**
 * Renders every error as RFC 9457 problem details with the contract's `code`. Unknown errors
 * become 500 `internal_error` with nothing of their message; the cause is logged server-side.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const known = this.toAppException(exception);

    if (Number(known.status) >= 500) {
      this.logger.error({ err: exception, request_id: request.id, code: known.code }, 'request failed');
    }
    const problem: Problem = {
      type: 'about:blank',
      title: known.title,
      status: known.status,
      detail: known.options.detail ?? known.title,
      code: known.code,
      request_id: String(request.id),
      ...(known.options.errors ? { errors: known.options.errors } : {}),
    };
    if (reply.sent) return;
    for (const [name, value] of Object.entries(known.options.headers ?? {})) {
      reply.header(name, value);
    }
    reply.status(known.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  private toAppException(exception: unknown): AppException {
    if (exception instanceof AppException) return exception;
    if (exception instanceof ThrottlerException) return this.generic(429);
    if (exception instanceof HttpException) return this.generic(exception.getStatus());
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return this.generic(statusCode);
    }
    if (isDatabaseUnavailable(exception)) return new ServiceUnavailableException();
    return this.generic(500);
  }

  private generic(status: number): AppException {
    const known = GENERIC_PROBLEMS[status] ?? GENERIC_PROBLEMS[status >= 500 ? 500 : 400]!;
    const effective = GENERIC_PROBLEMS[status] ? status : status >= 500 ? 500 : 400;
    return new AppException(effective, known.code, known.title, { detail: known.detail });
  }
}
