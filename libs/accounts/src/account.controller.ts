import { Body, Controller, Delete, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AccessGuard,
  ApiProblemResponse,
  ApplyRateLimits,
  BEARER_CHALLENGE_HEADER,
  Client,
  CurrentPrincipal,
  RATE_LIMIT_HEADERS,
} from '@app/core';
import type { ClientInfo, Principal } from '@app/core';
import { RefuseWhenHashingIsBusy, UserResponse, type UserDto } from '@app/users';
import { AccountClosureService } from './account-closure.service';
import { AddressChangeService } from './address-change.service';
import {
  AccountDeleteDto,
  EmailChangeDto,
  EmailChangeVerifyDto,
  PhoneChangeDto,
  PhoneChangeVerifyDto,
} from './dto/account.dto';
import { CodeSent } from './dto/responses';

const INVALID_OTP =
  '`invalid_otp`: the code is wrong, expired or already used; `validation_failed`: a field is missing, malformed or unknown.';

@ApiTags('user')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
@ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE_HEADER })
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@Controller('user')
export class AccountController {
  constructor(
    private readonly addresses: AddressChangeService,
    private readonly closure: AccountClosureService,
  ) {}

  @Post('email')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApplyRateLimits('otp_send_ip')
  @ApiOperation({ summary: 'Start an email change: a code goes to the new address' })
  @ApiAcceptedResponse({
    type: CodeSent,
    description: 'Sent; the account keeps its email until the code is confirmed.',
  })
  @ApiProblemResponse(
    400,
    '`validation_failed`: `new_email` is missing, malformed, or already the account’s.',
  )
  @ApiProblemResponse(409, '`email_taken`: another account has this address.')
  @ApiProblemResponse(
    429,
    '`rate_limited`: a code went to this address moments ago (see `Retry-After`), its daily cap is reached, or too many requests from this IP address.',
  )
  requestEmail(
    @Body() body: EmailChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<CodeSent> {
    return this.addresses.request(principal, 'email', body.new_email, client);
  }

  @Post('email/verify')
  @HttpCode(HttpStatus.OK)
  @ApplyRateLimits('otp_verify_ip')
  @ApiOperation({ summary: 'Confirm an email change with the code sent to the new address' })
  @ApiOkResponse({
    type: UserResponse,
    description: 'The account with its new, verified email; the old address is told.',
  })
  @ApiProblemResponse(400, INVALID_OTP)
  @ApiProblemResponse(409, '`email_taken`: another account took this address meanwhile.')
  @ApiProblemResponse(
    429,
    '`otp_attempts_exceeded`: the code took too many wrong tries; `rate_limited`: too many requests from this IP address.',
  )
  confirmEmail(
    @Body() body: EmailChangeVerifyDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<UserDto> {
    return this.addresses.confirm(principal, 'email', body.new_email, body.code, client);
  }

  @Post('phone')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApplyRateLimits('otp_send_ip')
  @ApiOperation({ summary: 'Start a phone change: a code goes by SMS to the number' })
  @ApiAcceptedResponse({
    type: CodeSent,
    description: 'Sent; the account keeps its number until the code is confirmed.',
  })
  @ApiProblemResponse(
    400,
    '`validation_failed`: `phone` is missing, not an E.164 number, or already the account’s.',
  )
  @ApiProblemResponse(409, '`phone_taken`: another account has this number.')
  @ApiProblemResponse(
    429,
    '`rate_limited`: a code went to this number moments ago (see `Retry-After`), its daily cap is reached, or too many requests from this IP address.',
  )
  requestPhone(
    @Body() body: PhoneChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<CodeSent> {
    return this.addresses.request(principal, 'sms', body.phone, client);
  }

  @Post('phone/verify')
  @HttpCode(HttpStatus.OK)
  @ApplyRateLimits('otp_verify_ip')
  @ApiOperation({ summary: 'Confirm a phone change with the code sent to the number' })
  @ApiOkResponse({ type: UserResponse, description: 'The account with the number set and verified.' })
  @ApiProblemResponse(400, INVALID_OTP)
  @ApiProblemResponse(409, '`phone_taken`: another account took this number meanwhile.')
  @ApiProblemResponse(
    429,
    '`otp_attempts_exceeded`: the code took too many wrong tries; `rate_limited`: too many requests from this IP address.',
  )
  confirmPhone(
    @Body() body: PhoneChangeVerifyDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<UserDto> {
    return this.addresses.confirm(principal, 'sms', body.phone, body.code, client);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @RefuseWhenHashingIsBusy()
  @ApiOperation({ summary: 'Delete the account (aal2 when MFA is on)' })
  @ApiNoContentResponse({
    description: 'Deleted with its personal data; every session ends at once everywhere.',
  })
  @ApiProblemResponse(400, '`validation_failed`: a field is malformed or unknown.')
  @ApiProblemResponse(403, '`insufficient_aal`: MFA is on and this session did not pass the second factor.')
  @ApiProblemResponse(
    429,
    '`rate_limited`: the account is locked for a while after repeated wrong passwords, or too many requests from this IP address.',
  )
  async delete(
    @Body() body: AccountDeleteDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.closure.close(principal, body, client);
  }
}
