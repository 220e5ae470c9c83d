import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
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
import { IdentityLinkDto, IdentityLinkUrl, IdentityList } from '../dto/oauth.dto';
import { IdentitiesService } from './identities.service';

@ApiTags('user')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@ApiProblemResponse(401, '`unauthorized`: no valid, live access token.')
@ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE_HEADER })
@ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@Controller('user/identities')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get()
  @ApiOperation({ summary: "The providers linked to the user's account" })
  @ApiOkResponse({ type: IdentityList })
  async list(@CurrentPrincipal() principal: Principal): Promise<IdentityList> {
    return { identities: await this.identities.list(principal.userId) };
  }

  @Post(':provider')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Link a provider to this account',
    description:
      'Answers a URL to open in the browser; the flow then ends like a sign-in, with `code` at `redirect_to`.',
  })
  @ApiParam({ name: 'provider', example: 'github' })
  @ApiOkResponse({ type: IdentityLinkUrl })
  @ApiProblemResponse(
    400,
    '`invalid_redirect`: `redirect_to` is not allow-listed; `validation_failed`: a field is missing or malformed.',
  )
  @ApiProblemResponse(404, '`unknown_provider`: no provider of this name is configured.')
  link(
    @CurrentPrincipal() principal: Principal,
    @Param('provider') provider: string,
    @Body() body: IdentityLinkDto,
  ): Promise<IdentityLinkUrl> {
    return this.identities.startLink(principal.userId, provider, body.redirect_to, body.code_challenge);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unlink a provider' })
  @ApiParam({
    name: 'id',
    format: 'uuid',
    description: 'The `id` of an identity from GET /v1/user/identities.',
  })
  @ApiNoContentResponse({ description: 'Unlinked.' })
  @ApiProblemResponse(404, '`not_found`: the user has no identity with this id.')
  @ApiProblemResponse(409, '`last_sign_in_method`: no password, passkey or other identity would be left.')
  async unlink(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.identities.unlink(principal.userId, id, client);
  }
}
