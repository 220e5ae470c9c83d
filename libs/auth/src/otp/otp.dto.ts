import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import type { OtpChannel } from '@app/otp';
import { EmailField, PasswordField, PhoneField } from '@app/users';

const CHANNELS = ['email', 'sms'] as const;

/** Where a code goes: `email` with channel email, `phone` (E.164) with channel sms. */
export class OtpAddressDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: OtpChannel;

  @EmailField({ optional: true, description: 'With channel `email`.' })
  email?: string;

  @PhoneField({ description: 'With channel `sms`, in international (E.164) form.' })
  phone?: string;
}

export class OtpSendDto extends OtpAddressDto {
  @ApiProperty({ enum: ['verify', 'login', 'password_reset'] })
  @IsIn(['verify', 'login', 'password_reset'])
  purpose!: 'verify' | 'login' | 'password_reset';
}

export class OtpVerifyDto extends OtpAddressDto {
  @ApiProperty({ enum: ['verify', 'login'] })
  @IsIn(['verify', 'login'])
  purpose!: 'verify' | 'login';

  @ApiProperty({ description: 'The digits received.', example: '123456' })
  @Matches(/^[0-9]{1,10}$/, { message: '$property must be the digits of the code' })
  code!: string;
}

export class PasswordResetDto extends OtpAddressDto {
  @ApiProperty({ description: 'The digits received (a code sent with purpose `password_reset`).' })
  @Matches(/^[0-9]{1,10}$/, { message: '$property must be the digits of the code' })
  code!: string;

  @PasswordField()
  new_password!: string;
}

export class OtpSent {
  @ApiProperty({ type: 'integer', description: 'Seconds the code lives (OTP_TTL).', example: 600 })
  expires_in!: number;
}
