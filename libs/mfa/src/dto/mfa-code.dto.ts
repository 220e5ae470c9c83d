import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** Long enough for a recovery code typed with spaces; anything else of this size is just a wrong code. */
const CODE_MAX_LENGTH = 64;

export class MfaCodeDto {
  @ApiProperty({
    description: 'The current 6-digit code of the authenticator app.',
    example: '123456',
    maxLength: CODE_MAX_LENGTH,
  })
  @IsString()
  @Length(1, CODE_MAX_LENGTH)
  code!: string;
}

export class MfaVerifyDto {
  @ApiProperty({ description: 'The `mfa_token` answered by the sign-in (password or one-time code).' })
  @IsString()
  @Length(1, 256)
  mfa_token!: string;

  @ApiProperty({
    description:
      'A 6-digit code of the authenticator app, or an unused recovery code (any case, dashes optional).',
    example: '123456',
    maxLength: CODE_MAX_LENGTH,
  })
  @IsString()
  @Length(1, CODE_MAX_LENGTH)
  code!: string;
}
