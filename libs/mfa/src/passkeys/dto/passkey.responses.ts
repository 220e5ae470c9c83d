import { ApiProperty } from '@nestjs/swagger';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { Passkey } from '../passkey.entity';

export interface PasskeyDto {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  backed_up: boolean;
  transports: string[];
}

export function toPasskeyDto(passkey: Passkey): PasskeyDto {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: passkey.createdAt.toISOString(),
    last_used_at: passkey.lastUsedAt?.toISOString() ?? null,
    backed_up: passkey.backedUp,
    transports: passkey.transports,
  };
}

/** The `Passkey` object for the OpenAPI document. */
export class PasskeyResponse implements PasskeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'MacBook' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_used_at!: string | null;

  @ApiProperty({
    description: 'Whether the credential is synced (a multi-device passkey that is backed up).',
  })
  backed_up!: boolean;

  @ApiProperty({ type: [String], example: ['internal', 'hybrid'] })
  transports!: string[];
}

export class PasskeyListResponse {
  @ApiProperty({ type: [PasskeyResponse] })
  passkeys!: PasskeyDto[];
}

export class PasskeyCreationOptionsResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'Send it back with the credential; it works once, for 5 minutes.',
  })
  challenge_id!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`PublicKeyCredentialCreationOptionsJSON`: give it to `PublicKeyCredential.parseCreationOptionsFromJSON()` ' +
      'and the result to `navigator.credentials.create({ publicKey })`. Resident key and user verification ' +
      "are required; the user's passkeys are excluded.",
  })
  options!: PublicKeyCredentialCreationOptionsJSON;
}

export class PasskeyRequestOptionsResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'Send it back with the credential; it works once, for 5 minutes.',
  })
  challenge_id!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`PublicKeyCredentialRequestOptionsJSON`: give it to `PublicKeyCredential.parseRequestOptionsFromJSON()` ' +
      'and the result to `navigator.credentials.get({ publicKey })`. User verification is required.',
  })
  options!: PublicKeyCredentialRequestOptionsJSON;
}
