import { ApiProperty } from '@nestjs/swagger';
import type { User } from './user.entity';

/** The API.md `User` object: what clients see of an account. */
export interface UserDto {
  id: string;
  email: string;
  email_verified: boolean;
  phone: string | null;
  phone_verified: boolean;
  display_name: string | null;
  mfa_enabled: boolean;
  app_metadata: Record<string, unknown>;
  has_password: boolean;
  last_sign_in_at: string | null;
  created_at: string;
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    email_verified: user.emailVerifiedAt !== null,
    phone: user.phone,
    phone_verified: user.phone !== null && user.phoneVerifiedAt !== null,
    display_name: user.displayName,
    mfa_enabled: user.mfaEnabled,
    app_metadata: user.appMetadata,
    has_password: user.passwordHash !== null,
    last_sign_in_at: user.lastSignInAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}

/** The `User` object for the OpenAPI document. */
export class UserResponse implements UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'email', example: 'alice@example.com' })
  email!: string;

  @ApiProperty({ description: 'Whether the address was confirmed with a one-time code.' })
  email_verified!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '+14155552671', description: 'E.164.' })
  phone!: string | null;

  @ApiProperty()
  phone_verified!: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'Alice' })
  display_name!: string | null;

  @ApiProperty({ description: 'Whether sign-in asks for a second factor.' })
  mfa_enabled!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { roles: ['editor'], plan: 'team' },
    description:
      'Set only through the admin API (a JSON object of at most 4 KiB); also the `app_metadata` ' +
      'claim of access tokens.',
  })
  app_metadata!: Record<string, unknown>;

  @ApiProperty({ description: 'Whether the account can sign in with a password.' })
  has_password!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The last sign-in by any method.',
  })
  last_sign_in_at!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}
