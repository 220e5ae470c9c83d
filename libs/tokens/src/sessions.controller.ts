import { Controller, Delete, Get, HttpCode, HttpStatus, Param, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
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
  RATE_LIMIT_HEADERS,
} from '@app/core';
import type { ClientInfo, Principal } from '@app/core';
import { SessionList, toSessionSummary } from './dto/responses';
import { LogoutService } from './sessions/logout.service';
import { SessionsService } from './sessions/sessions.service';
import { SessionNotFoundException } from './tokens.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('sessions')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
@ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE_HEADER })
@ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@Controller('user/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly logouts: LogoutService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's active sessions" })
  @ApiOkResponse({
    type: SessionList,
    description: 'Sessions not revoked or expired, `current` marking this one.',
  })
  async list(@CurrentPrincipal() principal: Principal): Promise<SessionList> {
    const sessions = await this.sessions.listActive(principal.userId);
    return {
      sessions: sessions.map((s) => ({ ...toSessionSummary(s), current: s.id === principal.sessionId })),
    };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of your sessions' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The `id` of a session from GET /v1/user/sessions.' })
  @ApiNoContentResponse({ description: 'Revoked; its tokens are refused at once everywhere.' })
  @ApiProblemResponse(404, '`not_found`: no active session of yours has this id.')
  async revoke(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<void> {
    if (!UUID.test(id)) throw new SessionNotFoundException();
    await this.logouts.revokeSession(principal, id, client);
  }
}
