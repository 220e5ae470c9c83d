import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { ApiProblemResponse, ApplyRateLimits, Client, NO_STORE_HEADER, RATE_LIMIT_HEADERS } from '@app/core';
import type { ClientInfo } from '@app/core';
import { PasskeyRequestOptionsResponse } from '@app/mfa';
import { SignedIn } from '../dto/responses';
import { PasskeyLoginDto, PasskeyLoginOptionsDto } from './passkey-login.dto';
import { PasskeyLoginService } from './passkey-login.service';

@ApiTags('passkeys')
@Controller('passkeys/login')
export class PasskeyLoginController {
  constructor(private readonly passkeys: PasskeyLoginService) {}

  @Post('options')
  @ApplyRateLimits('passkey_options_ip')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start a passkey sign-in',
    description:
      'Options for `navigator.credentials.get()` with a fresh challenge (5 minutes, single use). ' +
      'Without `email`: any discoverable credential; with one: the same answer shape whether or not an ' +
      'account holds the address.',
  })
  @ApiOkResponse({ type: PasskeyRequestOptionsResponse, headers: NO_STORE_HEADER })
  @ApiProblemResponse(400, '`validation_failed`: `email` malformed, or an unknown field.')
  @ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  options(@Body() body: PasskeyLoginOptionsDto): Promise<PasskeyRequestOptionsResponse> {
    return this.passkeys.options(body.email ?? undefined);
  }

  @Post()
  @ApplyRateLimits('passkey_login_ip')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Sign in with a passkey',
    description:
      'Verifies the assertion (origin, RP id, user presence and verification, signature, the challenge, ' +
      'the signature counter). The session is `aal2` with `amr` `["webauthn"]`: no MFA step follows.',
  })
  @ApiOkResponse({ type: SignedIn, description: 'Signed in at `aal2`.', headers: NO_STORE_HEADER })
  @ApiProblemResponse(400, '`validation_failed`: `challenge_id` or `credential` missing or malformed.')
  @ApiProblemResponse(
    401,
    '`invalid_passkey`: unknown credential, bad signature, wrong origin or RP, no user verification, a ' +
      'used, expired or foreign challenge, or a signature counter that went backwards.',
  )
  @ApiProblemResponse(
    403,
    '`user_disabled`: the account is disabled; `email_not_verified`: REQUIRE_EMAIL_VERIFICATION is on ' +
      'and the email is not verified (both answered only once the passkey verified).',
  )
  @ApiProblemResponse(429, '`rate_limited`: too many attempts from this IP address or with this credential.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  login(@Body() body: PasskeyLoginDto, @Client() client: ClientInfo): Promise<SignedIn> {
    const credential = body.credential as unknown as AuthenticationResponseJSON;
    return this.passkeys.login(body.challenge_id, credential, client);
  }
}
