import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiProblemResponse, ApplyRateLimits, Client, NO_STORE_HEADER, RATE_LIMIT_HEADERS } from '@app/core';
import type { ClientInfo } from '@app/core';
import { MfaVerifyDto, secondFactorAnswerOf } from '../dto/mfa-code.dto';
import { MfaVerifiedResponse } from '../dto/responses';
import { SERVICE_UNAVAILABLE } from '../openapi-headers';
import { MfaVerificationService } from './mfa-verification.service';

@ApiTags('mfa')
@Controller('mfa/verify')
export class MfaVerifyController {
  constructor(private readonly verification: MfaVerificationService) {}

  @Post()
  @ApplyRateLimits('mfa_verify_ip', 'mfa_verify_token')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Finish a sign-in with a second factor',
    description:
      'Answers the `mfa_required` step of POST /v1/login or POST /v1/otp/verify with a TOTP code, an ' +
      'unused recovery code, or (`challenge_id` and `credential` in place of `code`) an assertion of one ' +
      "of the user's passkeys for the options of POST /v1/mfa/webauthn/options. Wrong answers count per " +
      '`mfa_token` (the fifth kills it) and per account.',
  })
  @ApiOkResponse({ type: MfaVerifiedResponse, description: 'Signed in at `aal2`.', headers: NO_STORE_HEADER })
  @ApiProblemResponse(
    400,
    '`validation_failed`: `mfa_token` missing or malformed, or neither (or both) of `code` and ' +
      '`challenge_id` with `credential`.',
  )
  @ApiProblemResponse(
    401,
    '`invalid_mfa_code`: the code is wrong, expired or already used; `invalid_passkey`: the passkey ' +
      "assertion does not verify, or its challenge is used, expired or not this step's; `invalid_mfa_token`: the " +
      '`mfa_token` is unknown, expired, already used, or dead after 5 wrong codes (sign in again).',
  )
  @ApiProblemResponse(
    429,
    '`rate_limited`: the account is locked for a while after repeated failures, or too many attempts ' +
      'from this IP address.',
  )
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  @ApiProblemResponse(503, SERVICE_UNAVAILABLE)
  verify(@Body() body: MfaVerifyDto, @Client() client: ClientInfo): Promise<MfaVerifiedResponse> {
    return this.verification.verify(body.mfa_token, secondFactorAnswerOf(body), client);
  }
}
