import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiExtraModels,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiProblemResponse,
  AppConfig,
  ApplyRateLimits,
  Client,
  NO_STORE_HEADER,
  RATE_LIMIT_HEADERS,
} from '@app/core';
import type { ClientInfo } from '@app/core';
import { MfaRequiredResponse, SignedIn, SignInResult } from '@app/auth';
import { OAuthAuthorizeQueryDto, OAuthProviderList, OAuthTokenDto } from './dto/oauth.dto';
import { BrowserBinding } from './flow/browser-binding';
import { OAuthFlowService } from './flow/oauth-flow.service';
import { OAuthTokenService } from './flow/oauth-token.service';
import { InvalidStateException } from './oauth.errors';
import { ProviderRegistry } from './providers/provider-registry';

export const OAUTH_FORM_POST_ROUTES = ['/v1/oauth/:provider/callback'];

const PROVIDER_PARAM = {
  name: 'provider',
  description: 'A configured provider, e.g. `google`.',
  example: 'google',
};
const LOCATION = { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } };

function redirect(reply: FastifyReply, status: 302 | 303, location: string): void {
  reply.status(status).header('location', location).header('cache-control', 'no-store').send();
}

@ApiTags('social sign-in')
@ApiExtraModels(SignedIn, MfaRequiredResponse)
@ApiProblemResponse(429, '`rate_limited`: too many requests, or sign-ins, from this IP address.')
@ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly config: AppConfig,
    private readonly providers: ProviderRegistry,
    private readonly flow: OAuthFlowService,
    private readonly tokens: OAuthTokenService,
    private readonly binding: BrowserBinding,
  ) {}

  @Get('providers')
  @ApiOperation({ summary: 'The configured sign-in providers' })
  @ApiOkResponse({ type: OAuthProviderList })
  providerList(): OAuthProviderList {
    return { providers: this.providers.list().map((p) => ({ name: p.name, type: p.type })) };
  }

  @Get(':provider/authorize')
  @ApiOperation({
    summary: 'Start a sign-in with a provider (open in the browser)',
    description:
      'Redirects to the provider and sets an HttpOnly cookie that binds the attempt to this browser.',
  })
  @ApiParam(PROVIDER_PARAM)
  @ApiFoundResponse({
    description: 'To the provider; sets the binding cookie.',
    headers: { ...LOCATION, 'Set-Cookie': { schema: { type: 'string' } } },
  })
  @ApiProblemResponse(
    400,
    '`invalid_redirect`: `redirect_to` is not allow-listed; `validation_failed`: a field is missing or malformed; `invalid_state`: the `link_token` is unknown, used or expired.',
  )
  @ApiProblemResponse(404, '`unknown_provider`: no provider of this name is configured.')
  @ApiProblemResponse(503, '`service_unavailable`: the provider cannot be reached.')
  async authorize(
    @Param('provider') provider: string,
    @Query() query: OAuthAuthorizeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const binding = this.binding.valueFor(request);
    const url =
      query.link_token !== undefined
        ? await this.flow.authorizeLink(provider, query.link_token, binding)
        : await this.flow.authorize(
            provider,
            { redirectTo: query.redirect_to!, codeChallenge: query.code_challenge! },
            binding,
          );
    this.binding.set(reply, binding);
    redirect(reply, 302, url);
  }

  @Get(':provider/callback')
  @ApplyRateLimits('login_ip')
  @ApiOperation({
    summary: "The provider's redirect back (not called by clients)",
    description:
      'Redirects to `redirect_to` with `code`, or with `error` (`access_denied`, `email_not_verified`, ' +
      '`email_taken`, `user_disabled`, `server_error`) and `error_description`.',
  })
  @ApiParam(PROVIDER_PARAM)
  @ApiQuery({ name: 'state', required: false, type: String })
  @ApiQuery({ name: 'code', required: false, type: String })
  @ApiQuery({
    name: 'iss',
    required: false,
    type: String,
    description: 'RFC 9207 issuer, checked when sent.',
  })
  @ApiQuery({ name: 'error', required: false, type: String })
  @ApiFoundResponse({ description: 'To `redirect_to` with `code` or `error`.', headers: LOCATION })
  @ApiProblemResponse(
    400,
    '`invalid_state`: no live attempt of this browser has this `state` (nowhere safe to redirect to); `validation_failed`: a parameter of the response is repeated.',
  )
  @ApiProblemResponse(404, '`unknown_provider`: no provider of this name is configured.')
  async callback(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Client() client: ClientInfo,
  ): Promise<void> {
    const params = new URL(request.url, 'http://callback.invalid').searchParams;
    redirect(reply, 302, await this.flow.callback(provider, params, this.binding.read(request), client));
  }

  /**
   * `response_mode=form_post` (Apple) arrives as a cross-site POST, which a `SameSite=Lax` cookie
   * does not accompany; the same parameters as a top-level GET do carry it.
   */
  @Post(':provider/callback')
  @ApiOperation({
    summary: "A provider's form-POST callback (not called by clients)",
    description:
      'Answers 303 to the GET callback with the same parameters, where the binding cookie is sent.',
  })
  @ApiParam(PROVIDER_PARAM)
  @ApiResponse({ status: 303, description: 'To GET /v1/oauth/{provider}/callback.', headers: LOCATION })
  @ApiProblemResponse(400, '`invalid_state`: the body is not a provider response.')
  @ApiProblemResponse(404, '`unknown_provider`: no provider of this name is configured.')
  @ApiProblemResponse(415, '`unsupported_media_type`: the body is not a form.')
  formPostCallback(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const known = this.providers.get(provider);
    if (!(request.body instanceof URLSearchParams)) throw new InvalidStateException();
    redirect(
      reply,
      303,
      `${this.config.publicUrl}/v1/oauth/${known.name}/callback?${request.body.toString()}`,
    );
  }

  @Post('token')
  @ApplyRateLimits('login_ip')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Trade the code from the callback and its PKCE verifier for a session' })
  @ApiOkResponse({
    description: 'Signed in (`amr` `["oauth"]`), or the MFA step.',
    schema: { oneOf: [{ $ref: getSchemaPath(SignedIn) }, { $ref: getSchemaPath(MfaRequiredResponse) }] },
    headers: NO_STORE_HEADER,
  })
  @ApiProblemResponse(
    400,
    '`invalid_grant`: the code is unknown, used or expired, or `code_verifier` does not match; `validation_failed`: a field is missing or malformed.',
  )
  @ApiProblemResponse(403, '`user_disabled`: the account has been disabled.')
  token(@Body() body: OAuthTokenDto, @Client() client: ClientInfo): Promise<SignInResult> {
    return this.tokens.exchange(body.code, body.code_verifier, client);
  }
}
