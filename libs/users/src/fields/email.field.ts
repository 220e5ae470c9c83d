import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { isEmail, IsString, ValidateBy } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import { normalizeEmail } from './normalize';
import {
  CodePointLength,
  FieldOptions,
  hasInvisibleOrControlCharacters,
  NoControlCharacters,
} from './text-rules';

export const EMAIL_MAX_LENGTH = 254;
const EMAIL_RULES = { allow_display_name: false, allow_ip_domain: false, require_tld: true };

/**
 * An email address, normalised (`normalizeEmail`) before it is validated. A value holding a
 * control character is left as sent so that it is refused rather than trimmed into shape.
 */
export function EmailField({ optional = false, description }: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'email',
      maxLength: EMAIL_MAX_LENGTH,
      required: !optional,
      example: 'alice@example.com',
      description: description ?? 'Trimmed, NFKC-normalised and compared case-insensitively.',
    }),
    Transform(
      ({ value }: { value: unknown }) =>
        typeof value === 'string' && !hasInvisibleOrControlCharacters(value) ? normalizeEmail(value) : value,
      { toClassOnly: true },
    ),
    ...(optional ? [MayBeAbsent()] : []),
    IsString(),
    NoControlCharacters(),
    CodePointLength(3, EMAIL_MAX_LENGTH),
    ValidateBy({
      name: 'isEmail',
      validator: {
        // validator's isEmail throws (URIError) on a lone surrogate instead of answering false.
        validate: (value: unknown) => {
          try {
            return isEmail(value, EMAIL_RULES);
          } catch {
            return false;
          }
        },
        defaultMessage: () => '$property must be a valid email address',
      },
    }),
  );
}
