import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import { APP_METADATA_MAX_BYTES, appMetadataProblem } from './app-metadata';

/** `app_metadata`: a JSON object of at most 4 KiB (see `appMetadataProblem`); may be absent, not null. */
export function AppMetadataField({ description }: { description?: string } = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: true,
      example: { roles: ['editor'], plan: 'team' },
      description:
        description ??
        `A JSON object of at most ${APP_METADATA_MAX_BYTES} bytes; copied into access tokens as the ` +
          '`app_metadata` claim.',
    }),
    MayBeAbsent(),
    ValidateBy({
      name: 'isAppMetadata',
      validator: {
        validate: (value: unknown) => appMetadataProblem(value) === undefined,
        defaultMessage: (args) => appMetadataProblem(args?.value) ?? 'app_metadata must be a JSON object',
      },
    }),
  );
}
