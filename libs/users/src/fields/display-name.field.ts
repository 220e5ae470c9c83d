import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import {
  CodePointLength,
  FieldOptions,
  hasInvisibleOrControlCharacters,
  NoControlCharacters,
} from './text-rules';

export const DISPLAY_NAME_MAX_LENGTH = 100;

/** A name to show, trimmed; 1 to 100 characters, no control or invisible formatting characters. */
export function DisplayNameField({
  optional = true,
  nullable = false,
  description,
}: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      required: !optional,
      nullable,
      minLength: 1,
      maxLength: DISPLAY_NAME_MAX_LENGTH,
      example: 'Alice',
      description: description ?? 'Trimmed; 1 to 100 characters.',
    }),
    // A value holding a control character is left as sent, to be refused rather than trimmed.
    Transform(
      ({ value }: { value: unknown }) =>
        typeof value === 'string' && !hasInvisibleOrControlCharacters(value) ? value.trim() : value,
      { toClassOnly: true },
    ),
    ...(optional ? [MayBeAbsent({ nullable })] : []),
    IsString(),
    NoControlCharacters(),
    CodePointLength(1, DISPLAY_NAME_MAX_LENGTH),
  );
}
