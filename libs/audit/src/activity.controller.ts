import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
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
  CurrentPrincipal,
  RATE_LIMIT_HEADERS,
} from '@app/core';
import type { Principal } from '@app/core';
import { AuditService } from './audit.service';
import { ActivityListQueryDto } from './dto/activity-list-query.dto';
import { ActivityPageDto } from './dto/activity-page.dto';

@ApiTags('user')
@ApiBearerAuth()
@Controller('user')
export class ActivityController {
  constructor(private readonly audit: AuditService) {}

  @Get('activity')
  @UseGuards(AccessGuard)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Pages the caller's own audit events, newest first." })
  @ApiOkResponse({
    type: ActivityPageDto,
    description: 'A page of events and the cursor of the next one.',
    headers: { 'Cache-Control': { description: '`no-store`', required: true, schema: { type: 'string' } } },
  })
  @ApiProblemResponse(
    400,
    '`validation_failed`: `limit` outside 1-100, a malformed `cursor`, or an unknown parameter.',
  )
  @ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
  @ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE_HEADER })
  @ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ActivityListQueryDto,
  ): Promise<ActivityPageDto> {
    return this.audit.listForUser(principal.userId, { limit: query.limit, cursor: query.cursor });
  }
}
