import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@app/core';
import { previewOpenApiDocument } from './openapi-preview';

/** Writes the OpenAPI document of the code to the file named on the command line, for the linter. */
async function main(): Promise<void> {
  const [target] = process.argv.slice(2);
  if (!target) throw new Error('usage: openapi <file.json>');
  const document = await previewOpenApiDocument(loadConfig({ NODE_ENV: 'development' }));
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`openapi: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
