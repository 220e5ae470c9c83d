import { ApiProperty } from '@nestjs/swagger';
import { SessionTokens } from '@app/tokens';
import { UserResponse, type UserDto } from '@app/users';
import { newRecoveryCode, RECOVERY_CODE_COUNT } from '../recovery/recovery-codes';

/** A set of the real size and shape, from fixed bytes: an example, never a working set. */
const EXAMPLE_RECOVERY_CODES = Array.from({ length: RECOVERY_CODE_COUNT }, (_, i) =>
  newRecoveryCode(Buffer.alloc(10, 0x11 * (i + 1))),
);

export class TotpEnrollmentResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'The pending factor; it is active once activated with a code.',
  })
  factor_id!: string;

  @ApiProperty({
    description: 'The shared secret, base32, for manual entry.',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret!: string;

  @ApiProperty({
    description: 'Key URI for authenticator apps.',
    example:
      'otpauth://totp/auth-service:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' +
      '&issuer=auth-service&algorithm=SHA1&digits=6&period=30',
  })
  otpauth_url!: string;

  @ApiProperty({ description: 'The otpauth_url as a QR code: a `data:image/svg+xml;base64,...` URL.' })
  qr_code!: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({
    type: [String],
    minItems: RECOVERY_CODE_COUNT,
    maxItems: RECOVERY_CODE_COUNT,
    example: EXAMPLE_RECOVERY_CODES,
    description: 'Shown once; each signs in once in place of a TOTP code. Earlier codes no longer work.',
  })
  recovery_codes!: string[];
}

export class MfaVerifiedResponse {
  @ApiProperty({ type: UserResponse })
  user!: UserDto;

  @ApiProperty({ type: SessionTokens, description: 'A session with `aal` `aal2`.' })
  session!: SessionTokens;
}
