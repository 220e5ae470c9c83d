import { Body, Controller, Header, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
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
  BEARER_CHALLENGE_HEADER,
  Client,
  CurrentPrincipal,
  NO_STORE_HEADER,
  RATE_LIMIT_HEADERS,
} from '@app/core';
import type { ClientInfo, Principal } from '@app/core';
import { LogoutDto } from './dto/logout.dto';
import { TokenRefreshDto } from './dto/refresh.dto';
import { SessionEnvelope } from './dto/responses';
import { LogoutService } from './sessions/logout.service';
import { RefreshService } from './sessions/refresh.service';

@ApiTags('sessions')
@ApiProblemResponse(
  429,
  '`rate_limited`: too many requests from this IP address, or (refresh) too many refreshes of this session.',
)
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@Controller()
export class TokenController {
  constructor(
    private readonly refreshes: RefreshService,
    private readonly logouts: LogoutService,
  ) {}

  @Post('token/refresh')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Rotate a refresh token for a new token pair' })
  @ApiOkResponse({ type: SessionEnvelope, description: 'A new token pair.', headers: NO_STORE_HEADER })
  @ApiProblemResponse(400, '`validation_failed`: `refresh_token` missing or not a string.')
  @ApiProblemResponse(
    401,
    '`invalid_refresh_token`: unknown, expired or revoked; `refresh_token_reused`: presented again ' +
      'after its rotation, and the whole session is now revoked.',
  )
  async refresh(@Body() body: TokenRefreshDto, @Client() client: ClientInfo): Promise<SessionEnvelope> {
    return { session: await this.refreshes.refresh(body.refresh_token, client) };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AccessGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session, the other sessions, or all sessions of the user' })
  @ApiBody({ type: LogoutDto, required: false })
  @ApiNoContentResponse({ description: 'Done; revoked tokens are refused at once everywhere.' })
  @ApiProblemResponse(400, '`validation_failed`: `scope` is not `local`, `others` or `global`.')
  @ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
  @ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE_HEADER })
  async logout(
    @Body() body: LogoutDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.logouts.logout(principal, body.scope ?? 'local', client);
  }
}
