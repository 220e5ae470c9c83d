import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { MayBeAbsent } from '@app/core';

/** Credential ids are at most 1023 bytes: 1364 base64url characters. */
export const CREDENTIAL_ID_MAX_LENGTH = 1364;

/** A base64url string (no padding) of bounded length, as WebAuthn's JSON forms carry binary data. */
export function Base64UrlField(
  maxLength: number,
  description: string,
  { optional = false, nullable = false }: { optional?: boolean; nullable?: boolean } = {},
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'base64url', maxLength, required: !optional, nullable, description }),
    ...(optional ? [MayBeAbsent({ nullable })] : []),
    IsString(),
    Length(1, maxLength),
    Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be base64url without padding' }),
  );
}
