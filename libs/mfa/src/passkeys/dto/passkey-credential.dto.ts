import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { MayBeAbsent } from '@app/core';
import { Base64UrlField, CREDENTIAL_ID_MAX_LENGTH } from './base64url.field';

const CLIENT_DATA_MAX_LENGTH = 2048;
const AUTHENTICATOR_DATA_MAX_LENGTH = 4096;
const TRANSPORT_MAX_LENGTH = 32;

/**
 * The fields that registration and sign-in responses share (`RegistrationResponseJSON`,
 * `AuthenticationResponseJSON` of WebAuthn Level 3), as `PublicKeyCredential.toJSON()` writes them.
 */
abstract class PublicKeyCredentialDto {
  @Base64UrlField(CREDENTIAL_ID_MAX_LENGTH, 'The credential id.')
  id!: string;

  @Base64UrlField(CREDENTIAL_ID_MAX_LENGTH, 'The credential id again (it must equal `id`).')
  rawId!: string;

  @ApiProperty({ enum: ['public-key'] })
  @Equals('public-key')
  type!: 'public-key';

  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @MayBeAbsent()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Client extension outputs.' })
  @IsObject()
  clientExtensionResults!: Record<string, unknown>;
}

export class AttestationResponseDto {
  @Base64UrlField(CLIENT_DATA_MAX_LENGTH, 'The client data the authenticator signed over.')
  clientDataJSON!: string;

  @Base64UrlField(AUTHENTICATOR_DATA_MAX_LENGTH * 2, 'The attestation object (CBOR).')
  attestationObject!: string;

  @Base64UrlField(AUTHENTICATOR_DATA_MAX_LENGTH, 'The authenticator data.', { optional: true })
  authenticatorData?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['internal', 'hybrid'] })
  @MayBeAbsent()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, TRANSPORT_MAX_LENGTH, { each: true })
  transports?: string[];

  @ApiPropertyOptional({ type: 'integer', description: 'COSE algorithm of the public key.' })
  @MayBeAbsent()
  @IsInt()
  publicKeyAlgorithm?: number;

  @Base64UrlField(AUTHENTICATOR_DATA_MAX_LENGTH, 'The public key (SPKI).', { optional: true })
  publicKey?: string;
}

export class AssertionResponseDto {
  @Base64UrlField(CLIENT_DATA_MAX_LENGTH, 'The client data the authenticator signed over.')
  clientDataJSON!: string;

  @Base64UrlField(AUTHENTICATOR_DATA_MAX_LENGTH, 'The authenticator data.')
  authenticatorData!: string;

  @Base64UrlField(1024, 'The signature over the authenticator data and the client data hash.')
  signature!: string;

  @Base64UrlField(128, 'The user handle the credential was created with.', { optional: true, nullable: true })
  userHandle?: string;
}

/** `RegistrationResponseJSON`: what `navigator.credentials.create()` answers, as JSON. */
export class RegistrationCredentialDto extends PublicKeyCredentialDto {
  @ApiProperty({ type: AttestationResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationResponseDto)
  response!: AttestationResponseDto;
}

/** `AuthenticationResponseJSON`: what `navigator.credentials.get()` answers, as JSON. */
export class AssertionCredentialDto extends PublicKeyCredentialDto {
  @ApiProperty({ type: AssertionResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionResponseDto)
  response!: AssertionResponseDto;
}
