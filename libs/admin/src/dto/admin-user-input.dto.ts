import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import {
  AppMetadataField,
  CodePointLength,
  DisplayNameField,
  EmailField,
  NoControlCharacters,
  PasswordField,
  PhoneField,
} from '@app/users';

export class AdminUserCreateDto {
  @EmailField()
  email!: string;

  @PasswordField({
    optional: true,
    description: 'Omit it for an account without a password (it signs in by code, provider or passkey).',
  })
  password?: string;

  @PhoneField()
  phone?: string | null;

  @DisplayNameField()
  display_name?: string | null;

  @ApiPropertyOptional({ description: 'Mark the email as already verified.', default: false })
  @MayBeAbsent()
  @IsBoolean()
  email_verified?: boolean;

  @ApiPropertyOptional({ description: 'Mark the phone as already verified (needs `phone`).', default: false })
  @MayBeAbsent()
  @IsBoolean()
  phone_verified?: boolean;

  @AppMetadataField()
  app_metadata?: Record<string, unknown>;
}

export class AdminUserUpdateDto {
  @EmailField({
    optional: true,
    description: 'A new address; it is unverified unless `email_verified` says otherwise.',
  })
  email?: string;

  @PhoneField({
    nullable: true,
    description: 'A new number (unverified unless `phone_verified` says otherwise), or null to remove it.',
  })
  phone?: string | null;

  @DisplayNameField({ nullable: true, description: 'Trimmed; 1 to 100 characters, or null to remove it.' })
  display_name?: string | null;

  @ApiPropertyOptional()
  @MayBeAbsent()
  @IsBoolean()
  email_verified?: boolean;

  @ApiPropertyOptional()
  @MayBeAbsent()
  @IsBoolean()
  phone_verified?: boolean;

  @PasswordField({
    optional: true,
    description: 'A new password; every session of the user ends.',
  })
  password?: string;

  @AppMetadataField({
    description: 'Replaces the whole object (at most 4 KiB); reaches access tokens at their next refresh.',
  })
  app_metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'true ends every session at once and refuses every sign-in; false restores sign-in.',
  })
  @MayBeAbsent()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    description: 'Why the account is disabled (for operators; never shown to the user). Cleared on enabling.',
  })
  @MayBeAbsent({ nullable: true })
  @IsString()
  @NoControlCharacters()
  @CodePointLength(1, 500)
  disabled_reason?: string | null;
}
