import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import { PASSWORD_MAX_LENGTH } from '../passwords/password-limits';
import { CodePointLength, FieldOptions, IsWellFormedText } from './text-rules';

/**
 * A password as sent, never transformed. Only its shape is checked here: the minimum length,
 * the breached-password list and the other rules belong to `PasswordPolicy`, which answers
 * `weak_password` rather than `validation_failed`.
 */
export function PasswordField({ optional = false, description }: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'password',
      minLength: 1,
      maxLength: PASSWORD_MAX_LENGTH,
      required: !optional,
      example: 'correct horse battery staple',
      description:
        description ??
        `${PASSWORD_MAX_LENGTH} characters at most; new passwords need PASSWORD_MIN_LENGTH (8 by default) ` +
          'and must not be on the list of common and breached passwords (else `weak_password`).',
    }),
    ...(optional ? [MayBeAbsent()] : []),
    IsString(),
    IsWellFormedText(),
    CodePointLength(1, PASSWORD_MAX_LENGTH),
  );
}
