import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from './app.exception';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';
import { toAppException } from './to-app-exception';

/** Sends `known` as problem+json with the headers it asks for (e.g. `Retry-After`). */
export function sendProblem(reply: FastifyReply, known: AppException, requestId: string): void {
  for (const [name, value] of Object.entries(known.options.headers ?? {})) {
    reply.header(name, value);
  }
  reply
    .status(known.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-request-id', requestId)
    .send(toProblem(known, requestId));
}

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
    const known = toAppException(exception);

    // `problem`, not `code`: a field named `code` would be redacted as a one-time code.
    if (exception instanceof AppException && Number(known.status) >= 500) {
      // Raised on purpose (overload, a provider down): its cause is logged where it arose, and a
      // stack per refused request would make a flood cost more than the refusals save.
      this.logger.warn({ problem: known.code }, 'request refused');
    } else if (Number(known.status) >= 500) {
      this.logger.error({ err: exception, problem: known.code }, 'request failed');
    }
    if (!reply.sent) sendProblem(reply, known, request.id);
  }
}
