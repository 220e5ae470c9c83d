import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { AccountAdministration, AccountDeletion, AccountPatch } from '@app/accounts';
import { AdminApi, ApiProblemResponse, Client, CurrentAdmin } from '@app/core';
import type { AdminActor, ClientInfo } from '@app/core';
import { AdminUsersService } from './admin-users.service';
import { AdminUsersView } from './admin-users.view';
import { AdminUserPage, AdminUserResponse, type AdminUserDto } from './dto/admin-user.dto';
import { AdminUserCreateDto, AdminUserUpdateDto } from './dto/admin-user-input.dto';
import { AdminUserListQueryDto } from './dto/admin-queries.dto';

const USER_ID = { name: 'id', format: 'uuid', description: 'The `id` of the user.' };
const NOT_FOUND = '`not_found`: no user has this id (or, with no `ADMIN_API_KEYS`, the admin API is off).';
const CONFLICTS = '`email_taken`: another account has this address; `phone_taken`: or this number.';

@AdminApi()
@Controller('admin/v1/users')
export class AdminUsersController {
  constructor(
    private readonly reads: AdminUsersService,
    private readonly administration: AccountAdministration,
    private readonly deletion: AccountDeletion,
    private readonly view: AdminUsersView,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Search accounts, newest first' })
  @ApiOkResponse({ type: AdminUserPage })
  @ApiProblemResponse(400, '`validation_failed`: a query parameter is malformed or unknown.')
  @ApiProblemResponse(404, '`not_found`: the admin API is off (no `ADMIN_API_KEYS`).')
  list(@Query() query: AdminUserListQueryDto) {
    return this.reads.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (no session)' })
  @ApiCreatedResponse({ type: AdminUserResponse })
  @ApiProblemResponse(
    400,
    '`validation_failed`: a field is missing, malformed or unknown; `weak_password`: the password is too short, or common or breached.',
  )
  @ApiProblemResponse(404, '`not_found`: the admin API is off (no `ADMIN_API_KEYS`).')
  @ApiProblemResponse(409, CONFLICTS)
  async create(
    @Body() body: AdminUserCreateDto,
    @CurrentAdmin() actor: AdminActor,
    @Client() client: ClientInfo,
  ): Promise<AdminUserDto> {
    const user = await this.administration.create(
      {
        email: body.email,
        password: body.password,
        phone: body.phone,
        displayName: body.display_name,
        emailVerified: body.email_verified,
        phoneVerified: body.phone_verified,
        appMetadata: body.app_metadata,
      },
      actor,
      client,
    );
    return this.view.one(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiProblemResponse(404, NOT_FOUND)
  get(@Param('id') id: string): Promise<AdminUserDto> {
    return this.reads.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account; disabling it or a new password ends every session' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiProblemResponse(
    400,
    '`validation_failed`: a field is malformed or unknown; `weak_password`: the new password is too short, or common or breached.',
  )
  @ApiProblemResponse(404, NOT_FOUND)
  @ApiProblemResponse(409, CONFLICTS)
  async update(
    @Param('id') id: string,
    @Body() body: AdminUserUpdateDto,
    @CurrentAdmin() actor: AdminActor,
    @Client() client: ClientInfo,
  ): Promise<AdminUserDto> {
    const user = await this.administration.update(id, toPatch(body), actor, client);
    return this.view.one(user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an account and its personal data; every session ends at once' })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({
    description: 'Deleted; its access tokens are refused at verify-token on every replica.',
  })
  @ApiProblemResponse(404, NOT_FOUND)
  async delete(
    @Param('id') id: string,
    @CurrentAdmin() actor: AdminActor,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.deletion.delete(id, { by: 'admin', actor, client });
  }
}

/** The fields the body holds, and only those: an absent field is no change. */
function toPatch(body: AdminUserUpdateDto): AccountPatch {
  const patch: AccountPatch = {
    email: body.email,
    phone: body.phone,
    displayName: body.display_name,
    emailVerified: body.email_verified,
    phoneVerified: body.phone_verified,
    password: body.password,
    appMetadata: body.app_metadata,
    disabled: body.disabled,
    disabledReason: body.disabled_reason,
  };
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
