import * as client from 'openid-client';
import type { OAuthProviderSettings } from '@app/core';
import { AuthorizationRequest, CallbackChecks, OAuthProvider, ProviderProfile } from './oauth-provider';

const TIMEOUT_MS = 5000;

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/**
 * GitHub (or GitHub Enterprise): plain OAuth 2.0 with PKCE. The account is its numeric id; the
 * email is the primary address of `/user/emails`, and counts as verified only when GitHub says so.
 */
export class GithubProvider implements OAuthProvider {
  readonly type = 'oauth2';
  readonly formPost = false;
  private readonly config: client.Configuration;

  constructor(private readonly settings: OAuthProviderSettings) {
    const base = settings.issuer;
    this.config = new client.Configuration(
      {
        issuer: base,
        authorization_endpoint: `${base}/login/oauth/authorize`,
        token_endpoint: `${base}/login/oauth/access_token`,
      },
      settings.clientId,
      settings.clientSecret,
    );
    this.config.timeout = TIMEOUT_MS / 1000;
    if (base.startsWith('http:')) client.allowInsecureRequests(this.config);
  }

  get name(): string {
    return this.settings.name;
  }

  authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    return Promise.resolve(
      client.buildAuthorizationUrl(this.config, {
        redirect_uri: request.redirectUri,
        scope: this.settings.scopes,
        state: request.state,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
        allow_signup: 'true',
      }),
    );
  }

  async exchange(params: URLSearchParams, checks: CallbackChecks): Promise<ProviderProfile> {
    const current = new URL(checks.redirectUri);
    params.forEach((value, key) => current.searchParams.append(key, value));
    const tokens = await client.authorizationCodeGrant(this.config, current, {
      expectedState: checks.state,
      pkceCodeVerifier: checks.codeVerifier,
    });
    const user = await this.api<{ id: number | string }>('/user', tokens.access_token);
    const emails = await this.api<GithubEmail[]>('/user/emails', tokens.access_token);
    const primary = Array.isArray(emails) ? emails.find((e) => e.primary === true) : undefined;
    if (user.id === undefined || user.id === null) throw new Error('no account id');
    return {
      subject: String(user.id),
      email: typeof primary?.email === 'string' ? primary.email : null,
      emailVerified: primary?.verified === true,
    };
  }

  private async api<T>(path: string, accessToken: string): Promise<T> {
    const response = await fetch(`${this.settings.apiUrl}${path}`, {
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/vnd.github+json',
        'user-agent': 'auth-service',
        'x-github-api-version': '2022-11-28',
      },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`GitHub API ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }
}
