import { Logger } from '@nestjs/common';
import * as client from 'openid-client';
import type { OAuthProviderSettings } from '@app/core';
import { ProviderUnavailableException } from '../oauth.errors';
import {
  AuthorizationRequest,
  CallbackChecks,
  isTrue,
  OAuthProvider,
  ProviderProfile,
} from './oauth-provider';

const TIMEOUT_SECONDS = 5;

/**
 * An OpenID Connect relying party on `openid-client`. Discovery is fetched on first use and kept
 * once it succeeds; ID tokens are checked against the issuer's JWKS (signature, `iss`, `aud`,
 * `azp`, `exp`, `nonce`), and the RFC 9207 `iss` response parameter against the issuer.
 */
export class OidcProvider implements OAuthProvider {
  readonly type = 'oidc';
  readonly formPost: boolean;
  private readonly logger: Logger;
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    protected readonly settings: OAuthProviderSettings,
    private readonly clientAuth?: client.ClientAuth,
  ) {
    this.formPost = settings.kind === 'apple';
    this.logger = new Logger(`OAuth:${settings.name}`);
  }

  get name(): string {
    return this.settings.name;
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const config = await this.config();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: request.redirectUri,
      scope: this.settings.scopes,
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      ...(this.formPost ? { response_mode: 'form_post' } : {}),
    });
  }

  async exchange(params: URLSearchParams, checks: CallbackChecks): Promise<ProviderProfile> {
    const config = await this.config();
    const current = new URL(checks.redirectUri);
    params.forEach((value, key) => current.searchParams.append(key, value));
    const tokens = await client.authorizationCodeGrant(config, current, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    let email = claims.email;
    let verified = this.emailVerified(claims);
    if (typeof email !== 'string' && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = info.email;
      verified = this.emailVerified(info);
    }
    return {
      subject: claims.sub,
      email: typeof email === 'string' ? email : null,
      emailVerified: typeof email === 'string' && verified,
    };
  }

  /**
   * Entra ID's `email` is whatever a tenant admin typed unless `xms_edov` says the domain owner
   * verified it; elsewhere `email_verified` is the provider's word.
   */
  protected emailVerified(claims: Record<string, unknown>): boolean {
    if (this.settings.kind === 'microsoft') return isTrue(claims.xms_edov) || isTrue(claims.email_verified);
    return isTrue(claims.email_verified);
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      this.logger.warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'discovery failed');
      throw new ProviderUnavailableException();
    });
    return this.configuration;
  }

  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const insecure = new URL(issuer).protocol === 'http:';
    return client.discovery(new URL(issuer), clientId, clientSecret, this.clientAuth, {
      execute: [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])],
      timeout: TIMEOUT_SECONDS,
    });
  }
}
