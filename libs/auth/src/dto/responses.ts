import { ApiProperty } from '@nestjs/swagger';
import { SessionTokens } from '@app/tokens';
import { UserResponse } from '@app/users';

export class SignedIn {
  @ApiProperty({ type: UserResponse })
  user!: UserResponse;

  @ApiProperty({ type: SessionTokens })
  session!: SessionTokens;
}

export class Registered {
  @ApiProperty({ type: UserResponse })
  user!: UserResponse;

  @ApiProperty({
    type: SessionTokens,
    nullable: true,
    description: 'null when the email must be verified before signing in (REQUIRE_EMAIL_VERIFICATION).',
  })
  session!: SessionTokens | null;
}

export class MfaRequiredResponse {
  @ApiProperty({ enum: [true] })
  mfa_required!: true;

  @ApiProperty({ description: 'Opaque token for POST /v1/mfa/verify; not a bearer token.' })
  mfa_token!: string;

  @ApiProperty({ type: 'integer', description: 'Seconds the mfa_token lives.', example: 300 })
  mfa_token_expires_in!: number;

  @ApiProperty({
    enum: ['totp', 'webauthn'],
    isArray: true,
    description: 'Second factors the user can answer with (`webauthn`: see POST /v1/mfa/webauthn/options).',
  })
  factors!: string[];
}
