import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '@app/core';
import { prefixRoutes } from './app.factory';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './swagger';

/**
 * The document `/docs-json` serves, built from an application composed in preview mode: its
 * modules and controllers are scanned but no provider runs, so neither Postgres nor Redis (nor
 * a key) is needed.
 */
export async function previewOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
      abortOnError: false,
    },
  );
  prefixRoutes(app);
  return buildOpenApiDocument(app);
}
