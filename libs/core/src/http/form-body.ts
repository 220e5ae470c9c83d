import type { FastifyInstance, FastifyRequest } from 'fastify';
import { genericException } from '../errors';

/**
 * Reads `application/x-www-form-urlencoded` bodies on the given routes only (providers that
 * answer with `response_mode=form_post`), as `URLSearchParams`; everywhere else such a body is
 * still 415, as for any type that is not JSON.
 */
export function acceptFormBodiesOn(fastify: FastifyInstance, routes: readonly string[]): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    async (request: FastifyRequest, body: string) => {
      if (!routes.includes(request.routeOptions.url ?? '')) throw genericException(415);
      return new URLSearchParams(body);
    },
  );
}
