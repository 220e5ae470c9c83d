import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  AccessGuard,
  ApiProblemResponse,
  Client,
  CurrentPrincipal,
  NO_STORE_HEADER,
  RATE_LIMIT_HEADERS,
} from '@app/core';
import type { ClientInfo, Principal } from '@app/core';
import { BEARER_CHALLENGE } from '../openapi-headers';
import { PasskeyRegisterDto, PasskeyRenameDto } from './dto/passkey-requests.dto';
import {
  PasskeyCreationOptionsResponse,
  PasskeyListResponse,
  PasskeyResponse,
  type PasskeyDto,
} from './dto/passkey.responses';
import { PasskeyManagementService } from './passkey-management.service';
import { PasskeyRegistrationService } from './passkey-registration.service';

const AAL2_WHEN_MFA =
  '`insufficient_aal`: MFA is on and the session was not signed in with a second factor (aal2).';

@ApiTags('passkeys')
@ApiBearerAuth()
@UseGuards(AccessGuard)
@ApiProblemResponse(401, '`unauthorized`: missing, invalid, expired or revoked access token.')
@ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE })
@ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@Controller('passkeys')
export class PasskeysController {
  constructor(
    private readonly registration: PasskeyRegistrationService,
    private readonly management: PasskeyManagementService,
  ) {}

  @Post('register/options')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start adding a passkey',
    description:
      'Options for `navigator.credentials.create()` with a fresh challenge (5 minutes, single use, bound ' +
      'to this user). Needs an aal2 session when MFA is on.',
  })
  @ApiOkResponse({ type: PasskeyCreationOptionsResponse, headers: NO_STORE_HEADER })
  @ApiProblemResponse(403, AAL2_WHEN_MFA)
  @ApiForbiddenResponse({ headers: BEARER_CHALLENGE })
  registerOptions(@CurrentPrincipal() principal: Principal): Promise<PasskeyCreationOptionsResponse> {
    return this.registration.options(principal);
  }

  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Add a passkey',
    description:
      'Verifies the new credential against WEBAUTHN_RP_ID and WEBAUTHN_ORIGINS and stores it. The first ' +
      'passkey is also a second factor: MFA turns on and every other session of the user ends.',
  })
  @ApiCreatedResponse({ type: PasskeyResponse })
  @ApiProblemResponse(
    400,
    '`invalid_passkey`: the credential does not verify, the challenge is used, expired or not this ' +
      "user's, or the credential is already registered; `validation_failed`: a field is missing or malformed.",
  )
  @ApiProblemResponse(403, AAL2_WHEN_MFA)
  register(
    @Body() body: PasskeyRegisterDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<PasskeyDto> {
    const credential = body.credential as unknown as RegistrationResponseJSON;
    return this.registration.register(principal, body.challenge_id, credential, body.name, client);
  }

  @Get()
  @ApiOperation({ summary: "List the user's passkeys" })
  @ApiOkResponse({ type: PasskeyListResponse })
  async list(@CurrentPrincipal() principal: Principal): Promise<PasskeyListResponse> {
    return { passkeys: await this.management.list(principal) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a passkey' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PasskeyResponse })
  @ApiProblemResponse(400, '`validation_failed`: `name` missing or malformed.')
  @ApiProblemResponse(404, '`not_found`: the user has no passkey with this id.')
  rename(
    @Param('id') id: string,
    @Body() body: PasskeyRenameDto,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<PasskeyDto> {
    return this.management.rename(principal, id, body.name, client);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a passkey',
    description:
      'Needs an aal2 session when MFA is on. Removing the last second factor turns MFA off, as removing ' +
      'TOTP does: the recovery codes die and every other session of the user ends.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'The passkey is gone.' })
  @ApiProblemResponse(403, AAL2_WHEN_MFA)
  @ApiForbiddenResponse({ headers: BEARER_CHALLENGE })
  @ApiProblemResponse(404, '`not_found`: the user has no passkey with this id.')
  @ApiProblemResponse(
    409,
    '`last_sign_in_method`: it is the only way left to sign in (no password, other passkey or identity).',
  )
  async remove(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.management.remove(principal, id, client);
  }
}
