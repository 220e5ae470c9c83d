import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyRequest } from 'fastify';

/**
 * Adds entries to a handler's Fastify route config and keeps those that other decorators put
 * there: Nest's `@RouteConfig` replaces the whole config, so two of them on one handler would
 * lose the first.
 */
export function ExtendRouteConfig(entries: Record<string, unknown>): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const current = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as object;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...current, ...entries }, handler);
    return descriptor;
  };
}

/** The route config of the request's route, as the decorators above wrote it. */
export function routeConfigOf<T extends object>(request: FastifyRequest): Partial<T> {
  return request.routeOptions.config ?? {};
}
