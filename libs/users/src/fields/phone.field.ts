import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, ValidateBy } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import { normalizePhone } from './normalize';
import { FieldOptions } from './text-rules';

const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * A phone number in international form (a leading `+` and the country code), accepted with
 * the usual separators and stored as E.164. Optional unless `{ optional: false }`; `null` only
 * where `{ nullable: true }` says it means "no number".
 */
export function PhoneField({
  optional = true,
  nullable = false,
  description,
}: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      required: !optional,
      nullable,
      example: '+14155552671',
      description: description ?? 'International number with a leading `+`, stored and returned as E.164.',
    }),
    Transform(
      ({ value }: { value: unknown }) =>
        typeof value === 'string' ? (normalizePhone(value) ?? value) : value,
      {
        toClassOnly: true,
      },
    ),
    ...(optional ? [MayBeAbsent({ nullable })] : []),
    IsString(),
    ValidateBy({
      name: 'isE164PhoneNumber',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && E164.test(value) && normalizePhone(value) === value,
        defaultMessage: () => 'phone must be a valid international number starting with + (E.164)',
      },
    }),
  );
}
