import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { isExemptFrom } from '../http/exempt-from';
import { redactUrl } from './redact';

/**
 * Request logging as Fastify hooks:
 * - around each handler, a logging context that gives everything the application logs while
 *   handling the request its `request_id` (opened once the body is read, so that it holds across
 *   the whole handler, guards and exception filter included);
 * - once the response is sent, one line: method, URL with secret query values redacted, client
 *   address, user agent, status and duration; info, warn for 4xx, error for 5xx.
 * Routes `@ExemptFrom('request-log')` get neither: gateways call verify-token for every request they
 * pass and log those requests themselves (/metrics counts its calls by result and duration).
 * Hooks rather than an HTTP middleware: Nest runs middleware on Fastify through a compatibility
 * layer whose dispatch costs every request more than a gateway's verify-token call itself.
 */
export function logRequests(fastify: FastifyInstance, logger: PinoLogger): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    if (isExemptFrom(request, 'request-log')) return done();
    logger.runInContext(done, { bindings: { request_id: request.id } });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!isExemptFrom(request, 'request-log')) writeRequestLine(request, reply);
    done();
  });
}

function writeRequestLine(request: FastifyRequest, reply: FastifyReply): void {
  const status = reply.statusCode;
  const line = {
    request_id: request.id,
    req: {
      method: request.method,
      url: redactUrl(request.url),
      remote_address: request.socket?.remoteAddress,
      user_agent: request.headers['user-agent'],
    },
    res: { status },
    duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
  };
  if (status >= 500) PinoLogger.root.error(line, 'request completed');
  else if (status >= 400) PinoLogger.root.warn(line, 'request completed');
  else PinoLogger.root.info(line, 'request completed');
}
