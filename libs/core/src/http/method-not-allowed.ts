import type { FastifyInstance } from 'fastify';
import { MethodNotAllowedException } from '../errors';

interface KnownRoute {
  method: string;
  path: RegExp;
}

/** A route template (`/v1/sessions/:id`, `/docs/*`) as a pattern for concrete paths. */
function templateToPattern(template: string): RegExp {
  const escaped = template
    .split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/)
    .map((part) =>
      part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Answers 405 with an `Allow` header, instead of 404, when the path exists under other
 * methods. Fastify routes by method first, so the route table is kept here to tell the two
 * apart. Call before any route is registered.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes: KnownRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // CORS answers OPTIONS for every path; it says nothing about the resource.
      if (method !== 'OPTIONS') routes.push({ method, path: templateToPattern(route.url) });
    }
  });
  fastify.addHook('preHandler', async (request) => {
    if (!request.is404) return;
    const path = request.url.split('?', 1)[0] ?? '';
    const allowed = new Set(routes.filter((route) => route.path.test(path)).map((route) => route.method));
    if (allowed.size > 0) throw new MethodNotAllowedException([...allowed]);
  });
}
