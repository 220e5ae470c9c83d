import { ApiProperty } from '@nestjs/swagger';
import type { SecondFactorSummary } from '@app/mfa';
import { toUserDto, User, UserDto, UserResponse } from '@app/users';

export class AdminFactorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['totp', 'webauthn'] }) type!: 'totp' | 'webauthn';
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class AdminIdentityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'google' }) provider!: string;
  @ApiProperty({ type: String, nullable: true, format: 'email' }) email!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

/** The contract's `AdminUser`: `User` plus what operators need. */
export class AdminUserResponse extends UserResponse {
  @ApiProperty({ description: 'A disabled account cannot sign in by any method.' })
  disabled!: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'chargeback' })
  disabled_reason!: string | null;

  @ApiProperty({ type: [AdminFactorResponse], description: 'Active second factors.' })
  factors!: AdminFactorResponse[];

  @ApiProperty({ type: [AdminIdentityResponse], description: 'Linked sign-in providers.' })
  identities!: AdminIdentityResponse[];

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export type AdminUserDto = UserDto & Omit<AdminUserResponse, keyof UserResponse>;

export function toAdminUserDto(user: User, factors: SecondFactorSummary[] = []): AdminUserDto {
  return {
    ...toUserDto(user),
    disabled: user.disabled,
    disabled_reason: user.disabledReason,
    factors: factors.map((f) => ({ id: f.id, type: f.type, created_at: f.createdAt.toISOString() })),
    identities: [],
    updated_at: user.updatedAt.toISOString(),
  };
}

export class AdminUserPage {
  @ApiProperty({ type: [AdminUserResponse] })
  users!: AdminUserResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
  })
  next_cursor!: string | null;
}
