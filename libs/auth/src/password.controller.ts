import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccessGuard, ApiProblemResponse, Client, CurrentPrincipal, RATE_LIMIT_HEADERS } from '@app/core';
import type { ClientInfo, Principal } from '@app/core';
import { RefuseWhenHashingIsBusy } from '@app/users';
import { PasswordChangeDto } from './dto/password-change.dto';
import { PasswordChangeService } from './password-change.service';

@ApiTags('user')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@Controller('user/password')
export class PasswordController {
  constructor(private readonly passwords: PasswordChangeService) {}

  @Post()
  @RefuseWhenHashingIsBusy()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change the password; every other session is revoked' })
  @ApiNoContentResponse({ description: 'Changed; every other session of the user is revoked.' })
  @ApiProblemResponse(
    400,
    '`weak_password`: the new password is too short, or common or breached; ' +
      '`validation_failed`: a field is missing, malformed or unknown.',
  )
  @ApiProblemResponse(
    401,
    '`invalid_credentials`: `current_password` is wrong; `unauthorized`: missing, invalid, ' +
      'expired or revoked access token.',
  )
  @ApiUnauthorizedResponse({
    headers: {
      'WWW-Authenticate': {
        description: 'With `unauthorized`: `Bearer realm="auth-service"` or `Bearer error="invalid_token"`.',
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblemResponse(
    429,
    '`rate_limited`: the account is locked for a while after repeated wrong passwords, or too many ' +
      'requests from this IP address.',
  )
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  async change(
    @Body() body: PasswordChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.passwords.change(principal, body.current_password, body.new_password, client);
  }
}
