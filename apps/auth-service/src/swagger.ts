import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_KEY_SECURITY, ProblemDocument, problemResponse } from '@app/core';
import { declarePublicOperations } from './openapi-security';

/**
 * The OpenAPI 3 document of every route the application's modules declare. It reads only the
 * decorators, so it can be built from an application that never connected to anything.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Auth service')
    .setDescription(
      'Accounts, passwords, tokens, one-time codes and MFA. Errors are RFC 9457 problem ' +
        'details (`application/problem+json`) with a stable `code`; every response carries ' +
        '`X-Request-Id`.',
    )
    .setVersion('1')
    .addServer('/', 'This service, at the address the document was fetched from.')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An admin API key (`ADMIN_API_KEYS`); for operators and back-office services only.',
      },
      ADMIN_KEY_SECURITY,
    )
    .addGlobalResponse(
      problemResponse(500, '`internal_error`: an unexpected error; nothing of it is disclosed.'),
    )
    .build();
  // Named without a URL: the builder's setLicense always writes one, and there is no licence text.
  config.info.license = { name: 'Proprietary' };
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDocument] });
  return declarePublicOperations(document);
}

/** `/docs` (Swagger UI) and `/docs-json` (the OpenAPI 3 document). */
export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'Auth service API',
  });
}
