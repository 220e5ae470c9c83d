import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AccountAdministration } from '@app/accounts';
import { AdminApi, ApiProblemResponse, Client, CurrentAdmin } from '@app/core';
import { SessionSummaryList } from '@app/tokens';
import type { AdminActor, ClientInfo } from '@app/core';
import { AdminUsersService } from './admin-users.service';

const USER_ID = { name: 'id', format: 'uuid', description: 'The `id` of the user.' };
const NOT_FOUND = '`not_found`: no user has this id (or, with no `ADMIN_API_KEYS`, the admin API is off).';

/** A user's sessions and second factors, as operators see and end them. */
@AdminApi()
@Controller('admin/v1/users/:id')
export class AdminUserSessionsController {
  constructor(
    private readonly reads: AdminUsersService,
    private readonly administration: AccountAdministration,
  ) {}

  @Get('sessions')
  @ApiOperation({ summary: "A user's active sessions" })
  @ApiParam(USER_ID)
  @ApiOkResponse({
    type: SessionSummaryList,
    description: 'Live sessions, as `/v1/user/sessions` lists them without `current`.',
  })
  @ApiProblemResponse(404, NOT_FOUND)
  list(@Param('id') id: string) {
    return this.reads.sessionsOf(id);
  }

  @Delete('sessions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End every session of a user at once' })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'Every session ended; its tokens are refused at once everywhere.' })
  @ApiProblemResponse(404, NOT_FOUND)
  async revoke(
    @Param('id') id: string,
    @CurrentAdmin() actor: AdminActor,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.administration.revokeSessions(id, actor, client);
  }

  @Delete('factors')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove every second factor (the "lost my phone" reset)' })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({
    description:
      'TOTP, recovery codes and passkeys used as second factors removed, MFA off, every session ended.',
  })
  @ApiProblemResponse(404, NOT_FOUND)
  async resetFactors(
    @Param('id') id: string,
    @CurrentAdmin() actor: AdminActor,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.administration.resetSecondFactors(id, actor, client);
  }
}
