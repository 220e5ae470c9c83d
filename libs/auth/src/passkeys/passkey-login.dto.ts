import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { AssertionCredentialDto } from '@app/mfa';
import { EmailField } from '@app/users';

export class PasskeyLoginOptionsDto {
  @EmailField({
    optional: true,
    description:
      'Optional. Without it the options ask for any discoverable credential of this site; with it, for ' +
      "the account's passkeys (the answer looks the same whether or not an account holds the address).",
  })
  email?: string | null;
}

export class PasskeyLoginDto {
  @ApiProperty({ format: 'uuid', description: 'The `challenge_id` of POST /v1/passkeys/login/options.' })
  @IsUUID()
  challenge_id!: string;

  @ApiProperty({
    type: AssertionCredentialDto,
    description: 'What `navigator.credentials.get()` answered, as `credential.toJSON()` writes it.',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionCredentialDto)
  credential!: AssertionCredentialDto;
}
