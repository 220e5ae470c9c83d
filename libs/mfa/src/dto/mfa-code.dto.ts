import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, IsUUID, Length, ValidateIf, ValidateNested } from 'class-validator';
import { ValidationFailedException } from '@app/core';
import { AssertionCredentialDto } from '../passkeys/dto/passkey-credential.dto';
import type { SecondFactorAnswer } from '../verification/second-factor';

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

export class MfaTokenDto {
  @ApiProperty({ description: 'The `mfa_token` answered by the sign-in (password or one-time code).' })
  @IsString()
  @Length(1, 256)
  mfa_token!: string;
}

/** Either `code`, or `challenge_id` with `credential`: a present field is always validated. */
export class MfaVerifyDto extends MfaTokenDto {
  @ApiPropertyOptional({
    description:
      'A 6-digit code of the authenticator app, or an unused recovery code (any case, dashes optional). ' +
      'Required unless a passkey answers.',
    example: '123456',
    maxLength: CODE_MAX_LENGTH,
  })
  @ValidateIf((body: MfaVerifyDto) => body.code !== undefined || body.credential === undefined)
  @IsString()
  @Length(1, CODE_MAX_LENGTH)
  code?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With `credential`: the `challenge_id` of POST /v1/mfa/webauthn/options.',
  })
  @ValidateIf((body: MfaVerifyDto) => body.challenge_id !== undefined || body.credential !== undefined)
  @IsUUID()
  challenge_id?: string;

  @ApiPropertyOptional({
    type: AssertionCredentialDto,
    description: 'In place of `code`: what `navigator.credentials.get()` answered, as `toJSON()` writes it.',
  })
  @ValidateIf((body: MfaVerifyDto) => body.credential !== undefined || body.challenge_id !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionCredentialDto)
  credential?: AssertionCredentialDto;
}

/** The answer the body carries: a code, or a passkey assertion, never both. */
export function secondFactorAnswerOf(body: MfaVerifyDto): SecondFactorAnswer {
  if (body.code !== undefined && body.credential === undefined) return { code: body.code };
  if (body.code === undefined && body.credential !== undefined && body.challenge_id !== undefined) {
    return {
      challengeId: body.challenge_id,
      credential: body.credential as unknown as SecondFactorAnswerCredential,
    };
  }
  throw new ValidationFailedException([
    { field: 'code', message: 'send either code, or challenge_id with credential' },
  ]);
}

type SecondFactorAnswerCredential = Extract<SecondFactorAnswer, { credential: unknown }>['credential'];
