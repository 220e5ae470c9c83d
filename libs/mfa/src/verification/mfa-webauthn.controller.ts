import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiProblemResponse, ApplyRateLimits, NO_STORE_HEADER, RATE_LIMIT_HEADERS } from '@app/core';
import { MfaTokenDto } from '../dto/mfa-code.dto';
import { PasskeyRequestOptionsResponse } from '../passkeys/dto/passkey.responses';
import { WebAuthnStepService } from './webauthn-step.service';

@ApiTags('mfa')
@Controller('mfa/webauthn')
export class MfaWebAuthnController {
  constructor(private readonly step: WebAuthnStepService) {}

  @Post('options')
  @ApplyRateLimits('mfa_verify_ip', 'mfa_verify_token')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Options for answering the MFA step with a passkey',
    description:
      'For a user whose `mfa_required` step lists `webauthn`: options for `navigator.credentials.get()` ' +
      "naming the user's passkeys, with a challenge bound to this step (5 minutes, single use). Send the " +
      'assertion to POST /v1/mfa/verify with `mfa_token`, `challenge_id` and `credential`.',
  })
  @ApiOkResponse({ type: PasskeyRequestOptionsResponse, headers: NO_STORE_HEADER })
  @ApiProblemResponse(400, '`validation_failed`: no `mfa_token`; `invalid_passkey`: the user has no passkey.')
  @ApiProblemResponse(401, '`invalid_mfa_token`: the `mfa_token` is unknown, expired or used up.')
  @ApiProblemResponse(429, '`rate_limited`: too many attempts from this IP address or for this `mfa_token`.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  options(@Body() body: MfaTokenDto): Promise<PasskeyRequestOptionsResponse> {
    return this.step.options(body.mfa_token);
  }
}
