import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who is calling, as audit events and sessions record it. */
export interface ClientInfo {
  /** The socket address, or the forwarded one when TRUST_PROXY names the proxy. */
  ip: string;
  userAgent: string | null;
  requestId: string;
}

const MAX_USER_AGENT = 512;

export function clientInfoOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof agent === 'string' && agent.length > 0 ? agent.slice(0, MAX_USER_AGENT) : null,
    requestId: String(request.id),
  };
}

/** Injects the caller's `ClientInfo` into a handler. */
export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): ClientInfo =>
  clientInfoOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
