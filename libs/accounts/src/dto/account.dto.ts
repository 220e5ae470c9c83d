import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import { EmailField, PasswordField, PhoneField } from '@app/users';

const CODE = /^[0-9]{1,10}$/;
const CODE_MESSAGE = '$property must be the digits of the code';

export class EmailChangeDto {
  @EmailField({ description: 'The address the account should move to; a code is sent to it.' })
  new_email!: string;
}

export class EmailChangeVerifyDto extends EmailChangeDto {
  @ApiProperty({ description: 'The digits sent to `new_email`.', example: '123456' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;
}

export class PhoneChangeDto {
  @PhoneField({
    optional: false,
    description:
      'The number the account should take, in international (E.164) form; a code is sent to it by SMS.',
  })
  phone!: string;
}

export class PhoneChangeVerifyDto extends PhoneChangeDto {
  @ApiProperty({ description: 'The digits sent to `phone`.', example: '123456' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;
}

/** One of the two: the password, or for an account without one a fresh email code of purpose `verify`. */
export class AccountDeleteDto {
  @PasswordField({
    optional: true,
    description: 'The current password (accounts that have one).',
  })
  password?: string;

  @ApiPropertyOptional({
    description:
      'For an account without a password: a code sent to its email by `POST /v1/otp/send` with purpose `verify`.',
    example: '123456',
  })
  @MayBeAbsent()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;
}
