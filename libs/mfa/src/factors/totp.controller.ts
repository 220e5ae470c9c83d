import { Body, Controller, Delete, Header, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
  Client,
  CurrentPrincipal,
  NO_STORE_HEADER,
  RATE_LIMIT_HEADERS,
  RequireAal,
} from '@app/core';
import type { ClientInfo, Principal } from '@app/core';
import { MfaCodeDto } from '../dto/mfa-code.dto';
import { RecoveryCodesResponse, TotpEnrollmentResponse } from '../dto/responses';
import { BEARER_CHALLENGE, SERVICE_UNAVAILABLE } from '../openapi-headers';
import { MfaManagementService } from './mfa-management.service';
import { TotpEnrollmentService } from './totp-enrollment.service';

const INVALID_CODE =
  '`invalid_mfa_code`: the code is wrong, expired or already used; `validation_failed`: no `code`.';

@ApiTags('mfa')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
@ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE })
@ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@ApiProblemResponse(503, SERVICE_UNAVAILABLE)
@Controller('mfa/totp')
export class TotpController {
  constructor(
    private readonly enrollment: TotpEnrollmentService,
    private readonly management: MfaManagementService,
  ) {}

  @Post('enroll')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start TOTP enrolment',
    description:
      'Creates a pending authenticator (replacing any pending one). Scan the QR code, then activate.',
  })
  @ApiCreatedResponse({
    type: TotpEnrollmentResponse,
    description: 'The pending factor.',
    headers: NO_STORE_HEADER,
  })
  @ApiProblemResponse(409, '`mfa_already_enabled`: an authenticator is active; remove it first.')
  enroll(@CurrentPrincipal() principal: Principal): Promise<TotpEnrollmentResponse> {
    return this.enrollment.enroll(principal);
  }

  @Post('activate')
  @ApplyRateLimits('mfa_verify_ip')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Turn TOTP on with a first code',
    description:
      'MFA is on from now: the next sign-ins ask for a code. Every other session of the user is revoked; ' +
      'this one stays as it is (aal1).',
  })
  @ApiOkResponse({
    type: RecoveryCodesResponse,
    description: 'The recovery codes, shown once.',
    headers: NO_STORE_HEADER,
  })
  @ApiProblemResponse(400, `${INVALID_CODE} Also when nothing is pending.`)
  @ApiProblemResponse(409, '`mfa_already_enabled`: an authenticator is already active.')
  activate(
    @Body() body: MfaCodeDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<RecoveryCodesResponse> {
    return this.enrollment.activate(principal, body.code, client);
  }

  @Delete()
  @RequireAal('aal2')
  @ApplyRateLimits('mfa_verify_ip')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Turn TOTP off',
    description:
      'Needs an aal2 session and a current code. Removes the authenticator and the recovery codes and ' +
      'revokes every other session of the user.',
  })
  @ApiNoContentResponse({ description: 'MFA is off.' })
  @ApiProblemResponse(400, INVALID_CODE)
  @ApiProblemResponse(403, '`insufficient_aal`: the session was not signed in with a second factor.')
  @ApiForbiddenResponse({ headers: BEARER_CHALLENGE })
  async disable(
    @Body() body: MfaCodeDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.management.disable(principal, body.code, client);
  }
}
