import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import {
  acceptFormBodiesOn,
  acceptJsonBodiesOnly,
  answerMethodNotAllowed,
  AppConfig,
  closeAdminApiUnlessConfigured,
  createValidationPipe,
  logRequests,
  replyWithFrameworkError,
  requestIdOf,
  sendSecurityHeaders,
  trustProxyOption,
  writeClientErrorProblem,
} from '@app/core';
import { OAUTH_FORM_POST_ROUTES } from '@app/oauth';
import { AppModule, AppOptions } from './app.module';
import { setupSwagger } from './swagger';

/** Routes served at the root rather than under `/v1` (the admin API has its own `/admin/v1`). */
const ROOT_ROUTES = ['healthz', 'readyz', 'metrics', '.well-known/jwks.json', 'admin/{*path}'];

const EXPOSED_HEADERS = [
  'X-Request-Id',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

/** `/v1` before every route but the root ones; the OpenAPI document is built with the same paths. */
export function prefixRoutes(app: INestApplication): void {
  app.setGlobalPrefix('v1', { exclude: ROOT_ROUTES });
}

/**
 * Builds the service with every HTTP convention of the contract: Fastify with a 16 KiB body
 * limit and JSON-only bodies, `/v1` prefix, request ids, request logs, security headers, CORS,
 * validation and the OpenAPI document. `main.ts` listens on it; the end-to-end tests inject into it.
 */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: trustProxyOption(config.http.trustProxy),
    requestIdHeader: false,
    genReqId: requestIdOf,
    frameworkErrors: replyWithFrameworkError,
    clientErrorHandler: writeClientErrorProblem,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 256 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  closeAdminApiUnlessConfigured(fastify, config);
  acceptJsonBodiesOnly(fastify);
  acceptFormBodiesOn(fastify, OAUTH_FORM_POST_ROUTES);
  answerMethodNotAllowed(fastify);
  // onSend rather than onRequest: CORS preflights are answered before any later onRequest hook.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Request-Id', request.id);
    done(null, payload);
  });

  logRequests(fastify, await app.resolve(PinoLogger));
  sendSecurityHeaders(fastify, config);
  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
    methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    strictPreflight: false,
  });
  prefixRoutes(app);
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);

  await app.init();
  await fastify.ready();
  return app;
}
