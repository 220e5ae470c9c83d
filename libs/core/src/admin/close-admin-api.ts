import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config';
import { NotFoundException, sendProblem } from '../errors';

export const ADMIN_PATH_PREFIX = '/admin/';

/**
 * With no `ADMIN_API_KEYS`, every path under `/admin/` answers 404, whatever its method and before
 * its body is read, as if the admin API did not exist.
 */
export function closeAdminApiUnlessConfigured(fastify: FastifyInstance, config: AppConfig): void {
  if (config.admin.apiKeys.length > 0) return;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith(ADMIN_PATH_PREFIX)) return done();
    sendProblem(reply, new NotFoundException(), String(request.id));
  });
}
