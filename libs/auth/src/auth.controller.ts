import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiProblemResponse, ApplyRateLimits, Client, NO_STORE_HEADER, RATE_LIMIT_HEADERS } from '@app/core';
import type { ClientInfo } from '@app/core';
import { RefuseWhenHashingIsBusy } from '@app/users';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { MfaRequiredResponse, Registered, SignedIn } from './dto/responses';
import { LoginService } from './login.service';
import { RegistrationService } from './registration.service';
import { SignInResult } from './sign-in.service';

@ApiTags('accounts')
@ApiExtraModels(SignedIn, MfaRequiredResponse)
@Controller()
export class AuthController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly logins: LoginService,
  ) {}

  @Post('register')
  @RefuseWhenHashingIsBusy()
  @ApplyRateLimits('register_ip')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({
    type: Registered,
    description: 'The account, signed in unless the email must be verified first.',
    headers: NO_STORE_HEADER,
  })
  @ApiProblemResponse(
    400,
    '`validation_failed`: a field is missing, malformed or unknown (see `errors`); ' +
      '`weak_password`: too short, or a common or breached password.',
  )
  @ApiProblemResponse(409, '`email_taken`: an account has this address; `phone_taken`: or this number.')
  @ApiProblemResponse(429, '`rate_limited`: too many registrations from this IP address.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  register(@Body() body: RegisterDto, @Client() client: ClientInfo): Promise<Registered> {
    return this.registration.register(body, client);
  }

  @Post('login')
  @RefuseWhenHashingIsBusy()
  @ApplyRateLimits('login_ip', 'login_account')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({
    description: 'Signed in, or the MFA step for a user with a second factor.',
    schema: { oneOf: [{ $ref: getSchemaPath(SignedIn) }, { $ref: getSchemaPath(MfaRequiredResponse) }] },
    headers: NO_STORE_HEADER,
  })
  @ApiProblemResponse(400, '`validation_failed`: `email` or `password` missing or malformed.')
  @ApiProblemResponse(
    401,
    '`invalid_credentials`: wrong password or unknown email, with the same body for both.',
  )
  @ApiProblemResponse(403, '`email_not_verified`: the address must be verified before signing in.')
  @ApiProblemResponse(
    429,
    '`rate_limited`: the account is locked for a while after repeated failures (even a correct ' +
      'password issues nothing until `Retry-After` has passed), or too many attempts from this IP ' +
      'address or for this account.',
  )
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  login(@Body() body: LoginDto, @Client() client: ClientInfo): Promise<SignInResult> {
    return this.logins.login(body.email, body.password, client);
  }
}
