import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_KEY_SECURITY, ProblemDocument, problemResponse } from '@app/core';

/** `/docs` (Swagger UI) and `/docs-json` (the OpenAPI 3 document). */
export function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Auth service')
      .setDescription(
        'Accounts, passwords, tokens, one-time codes and MFA. Errors are RFC 9457 problem ' +
          'details (`application/problem+json`) with a stable `code`; every response carries ' +
          '`X-Request-Id`.',
      )
      .setVersion('1')
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
      .build(),
    { extraModels: [ProblemDocument] },
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'Auth service API',
  });
}
