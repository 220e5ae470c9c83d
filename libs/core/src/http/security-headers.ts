import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { AppConfig } from '../config';
import { isExemptFrom } from './exempt-from';

/**
 * Helmet's security headers on every response but those of `@ExemptFrom('security-headers')` routes. The
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
    if (isExemptFrom(request, 'security-headers')) return done();
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
