import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
  SchemaObject,
} from '@nestjs/swagger';
import { ApiProblemResponse, ApplyRateLimits, Client, NO_STORE_HEADER, RATE_LIMIT_HEADERS } from '@app/core';
import { UserResponse } from '@app/users';
import { MfaRequiredResponse, SignedIn } from '../dto/responses';
import type { ClientInfo } from '@app/core';
import { RefuseWhenHashingIsBusy } from '@app/users';
import type { SignInResult } from '../sign-in.service';
import { destinationOf } from './otp-address';
import { OtpSent, OtpSendDto, OtpVerifyDto, PasswordResetDto } from './otp.dto';
import { OtpFlowsService } from './otp-flows.service';
import { PasswordResetService } from './password-reset.service';

/**
 * `purpose: verify` answers the user alone. The schema is closed so that no sign-in answer, which
 * has a `user` too, also matches it: the branches of the `oneOf` stay mutually exclusive.
 */
const ADDRESS_VERIFIED: SchemaObject = {
  type: 'object',
  required: ['user'],
  additionalProperties: false,
  properties: { user: { $ref: getSchemaPath(UserResponse) } },
};

const INVALID_INPUT = '`validation_failed`: a field is missing or malformed, or does not fit the channel.';

@ApiTags('one-time codes')
@ApiExtraModels(SignedIn, MfaRequiredResponse, UserResponse)
@Controller()
export class OtpController {
  constructor(
    private readonly flows: OtpFlowsService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('otp/send')
  @ApplyRateLimits('otp_send_ip', 'otp_send_destination')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a one-time code by email or SMS (the same answer for unknown addresses)' })
  @ApiAcceptedResponse({
    type: OtpSent,
    description: 'Sent when an account holds the address; the same answer otherwise.',
  })
  @ApiProblemResponse(400, INVALID_INPUT)
  @ApiProblemResponse(
    429,
    '`rate_limited`: resend cooldown or daily cap of the address, or the per-IP or per-address limit.',
  )
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  @ApiProblemResponse(
    503,
    '`service_unavailable`: the provider failed (nothing was stored), or Redis is down.',
  )
  send(@Body() body: OtpSendDto, @Client() client: ClientInfo): Promise<OtpSent> {
    return this.flows.send(body.purpose, destinationOf(body), client);
  }

  @Post('otp/verify')
  @ApplyRateLimits('otp_verify_ip', 'otp_verify_destination')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Verify an address, or sign in, with a one-time code' })
  @ApiOkResponse({
    description: '`verify`: the user with the address marked verified; `login`: like POST /v1/login.',
    headers: NO_STORE_HEADER,
    schema: {
      oneOf: [
        ADDRESS_VERIFIED,
        { $ref: getSchemaPath(SignedIn) },
        { $ref: getSchemaPath(MfaRequiredResponse) },
      ],
    },
  })
  @ApiProblemResponse(
    400,
    `\`invalid_otp\`: wrong, expired or used (one answer for all three). ${INVALID_INPUT}`,
  )
  @ApiProblemResponse(
    403,
    '`email_not_verified`: sign-in needs a verified email (REQUIRE_EMAIL_VERIFICATION).',
  )
  @ApiProblemResponse(
    429,
    '`otp_attempts_exceeded`: the code took too many wrong tries and is dead; or `rate_limited` ' +
      '(too many checks from this IP address or for this address).',
  )
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  verify(
    @Body() body: OtpVerifyDto,
    @Client() client: ClientInfo,
  ): Promise<SignInResult | { user: unknown }> {
    const destination = destinationOf(body);
    return body.purpose === 'verify'
      ? this.flows.verifyAddress(destination, body.code, client)
      : this.flows.signInWithCode(destination, body.code, client);
  }

  @Post('password/reset')
  @RefuseWhenHashingIsBusy()
  @ApplyRateLimits('otp_verify_ip', 'otp_verify_destination')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with a password_reset code; every session ends' })
  @ApiNoContentResponse({
    description: 'Done; every session of the user is revoked and the sign-in lock released.',
  })
  @ApiProblemResponse(
    400,
    `\`invalid_otp\`, \`weak_password\` (checked before the code is spent). ${INVALID_INPUT}`,
  )
  @ApiProblemResponse(
    429,
    '`otp_attempts_exceeded`, or `rate_limited` (too many checks from this IP address or for this address).',
  )
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  async reset(@Body() body: PasswordResetDto, @Client() client: ClientInfo): Promise<void> {
    await this.passwordReset.reset(destinationOf(body), body.code, body.new_password, client);
  }
}
