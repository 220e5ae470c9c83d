import { ApiProperty } from '@nestjs/swagger';

/** The contract's `Session` object: a token pair. */
export class SessionTokens {
  @ApiProperty({ description: 'JWT access token (RFC 9068 `at+jwt`).' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires.', example: 900 })
  expires_in!: number;

  @ApiProperty({ description: 'Opaque refresh token; single use, rotated by /v1/token/refresh.' })
  refresh_token!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Seconds until the session ends, whatever the refresh activity.',
  })
  refresh_expires_in!: number;

  @ApiProperty({ format: 'uuid' })
  session_id!: string;
}
