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

  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}
