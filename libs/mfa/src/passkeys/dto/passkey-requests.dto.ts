import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { DisplayNameField } from '@app/users';
import { RegistrationCredentialDto } from './passkey-credential.dto';

export class PasskeyRegisterDto {
  @ApiProperty({ format: 'uuid', description: 'The `challenge_id` of POST /v1/passkeys/register/options.' })
  @IsUUID()
  challenge_id!: string;

  @ApiProperty({
    type: RegistrationCredentialDto,
    description: 'What `navigator.credentials.create()` answered, as `credential.toJSON()` writes it.',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  credential!: RegistrationCredentialDto;

  @DisplayNameField({ description: 'A name to tell the passkey apart (trimmed; 1 to 100 characters).' })
  name?: string | null;
}

export class PasskeyRenameDto {
  @DisplayNameField({ optional: false, description: 'The new name (trimmed; 1 to 100 characters).' })
  name!: string;
}
