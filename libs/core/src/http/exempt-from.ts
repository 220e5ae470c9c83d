import type { FastifyRequest } from 'fastify';
import { ExtendRouteConfig, routeConfigOf } from './route-config';

/** Per-request work meant for browsers and people, which a machine-facing route can go without. */
export type RouteExemption = 'security-headers' | 'request-log';

/**
 * On the handler of a route that gateways call for every request they pass (verify-token): its
 * responses go without the browser-facing headers and its calls are not logged one by one, work
 * that would cost it more than its own. One decorator listing every exemption (it is read from
 * handlers only).
 */
export const ExemptFrom = (...exemptions: RouteExemption[]) => ExtendRouteConfig({ exemptions });

export function isExemptFrom(request: FastifyRequest, exemption: RouteExemption): boolean {
  return routeConfigOf<{ exemptions: RouteExemption[] }>(request).exemptions?.includes(exemption) === true;
}
