import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { AppConfig } from '../config';

const SKIP = 'skipSecurityHeaders';

/**
 * On the handler of a route whose responses no browser ever reads (verify-token, which gateways
 * call for every request they pass): its responses go without the browser-facing headers, which
 * would cost it more than its own work. (Fastify route config is read from handlers only.)
 */
export const SkipSecurityHeaders = () => RouteConfig({ [SKIP]: true });

/**
 * Helmet's security headers on every response but those of `@SkipSecurityHeaders()` routes. The
 * middleware is built once here, so that each request only copies the precomputed values (the
 * Fastify plugin rebuilds it, content security policy parsing included, on every request).
 */
export function sendSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: config.isProduction,
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if ((request.routeOptions.config as { [SKIP]?: boolean } | undefined)?.[SKIP]) return done();
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
