import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { genericException, PROBLEM_CONTENT_TYPE, toProblem } from './problem';
import { sendProblem } from './problem.filter';
import { toAppException } from './to-app-exception';

/**
 * Fastify's `frameworkErrors`: a URL that cannot be decoded or routed never reaches Nest, so
 * its problem is sent here.
 */
export function replyWithFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(reply, toAppException(error), request.id);
}

/**
 * Fastify's `clientErrorHandler`: the request could not even be parsed (a broken request line,
 * headers over the limit, a timeout), so the problem is written to the socket by hand.
 */
export function writeClientErrorProblem(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const requestId = randomUUID();
  const body = JSON.stringify(toProblem(genericException(status), requestId));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
