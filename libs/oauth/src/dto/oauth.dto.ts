import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MayBeAbsent } from '@app/core';
import {
  CodeChallengeField,
  CodeChallengeMethodField,
  CodeVerifierField,
  RedirectToField,
} from './oauth-fields';

/** `GET /v1/oauth/{provider}/authorize`: a sign-in, or (with `link_token` alone) a link started with the API. */
export class OAuthAuthorizeQueryDto {
  @ValidateIf((dto: OAuthAuthorizeQueryDto) => dto.link_token === undefined)
  @RedirectToField()
  redirect_to?: string;

  @ValidateIf((dto: OAuthAuthorizeQueryDto) => dto.link_token === undefined)
  @CodeChallengeField()
  code_challenge?: string;

  @CodeChallengeMethodField()
  code_challenge_method?: 'S256';

  @ApiPropertyOptional({
    description: 'The ticket in the `url` answered by POST /v1/user/identities/{provider}; single use.',
  })
  @MayBeAbsent()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'link_token is not valid' })
  link_token?: string;
}

export class OAuthTokenDto {
  @ApiProperty({ description: 'The `code` handed to `redirect_to`; single use, 5 minutes.' })
  @IsString()
  @MaxLength(64)
  code!: string;

  @CodeVerifierField()
  code_verifier!: string;
}

export class IdentityLinkDto {
  @RedirectToField()
  redirect_to!: string;

  @CodeChallengeField()
  code_challenge!: string;
}

export class OAuthProviderInfo {
  @ApiProperty({ example: 'google' })
  name!: string;

  @ApiProperty({ enum: ['oidc', 'oauth2'] })
  type!: 'oidc' | 'oauth2';
}

export class OAuthProviderList {
  @ApiProperty({ type: [OAuthProviderInfo] })
  providers!: OAuthProviderInfo[];
}

export class IdentityResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'github' })
  provider!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The address the provider gave when the link was made.',
  })
  email!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}

export class IdentityList {
  @ApiProperty({ type: [IdentityResponse] })
  identities!: IdentityResponse[];
}

export class IdentityLinkUrl {
  @ApiProperty({ description: 'Open it in the browser (a URL of this service) to link the provider.' })
  url!: string;
}
