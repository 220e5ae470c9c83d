import { Body, Controller, Header, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
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
import { RecoveryCodesResponse } from '../dto/responses';
import { MfaManagementService } from '../factors/mfa-management.service';
import { BEARER_CHALLENGE, SERVICE_UNAVAILABLE } from '../openapi-headers';

@ApiTags('mfa')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@Controller('mfa/recovery-codes')
export class RecoveryCodesController {
  constructor(private readonly management: MfaManagementService) {}

  @Post()
  @RequireAal('aal2')
  @ApplyRateLimits('mfa_verify_ip')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Replace the recovery codes',
    description: 'Needs an aal2 session and a current TOTP code. Every earlier recovery code dies.',
  })
  @ApiOkResponse({
    type: RecoveryCodesResponse,
    description: 'The new codes, shown once.',
    headers: NO_STORE_HEADER,
  })
  @ApiProblemResponse(
    400,
    '`invalid_mfa_code`: the code is wrong, expired or already used; `validation_failed`: no `code`.',
  )
  @ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
  @ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE })
  @ApiProblemResponse(403, '`insufficient_aal`: the session was not signed in with a second factor.')
  @ApiForbiddenResponse({ headers: BEARER_CHALLENGE })
  @ApiProblemResponse(429, '`rate_limited`: too many attempts from this IP address.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  @ApiProblemResponse(503, SERVICE_UNAVAILABLE)
  regenerate(
    @Body() body: MfaCodeDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<RecoveryCodesResponse> {
    return this.management.regenerateRecoveryCodes(principal, body.code, client);
  }
}
