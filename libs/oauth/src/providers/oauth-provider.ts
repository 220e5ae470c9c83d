/** What a provider asserts about the account that signed in there. */
export interface ProviderProfile {
  subject: string;
  email: string | null;
  /** True only when the provider vouches for the address. */
  emailVerified: boolean;
}

export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

export interface CallbackChecks {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** One configured provider: where to send the browser, and how to turn its answer into a profile. */
export interface OAuthProvider {
  readonly name: string;
  readonly type: 'oidc' | 'oauth2';
  /** Whether its callback arrives as a form POST (`response_mode=form_post`). */
  readonly formPost: boolean;
  /** Throws `ProviderUnavailableException` when the provider cannot be reached. */
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /**
   * Checks the authorization response (`params`, as received) and trades its code with PKCE.
   * Throws on any failed check.
   */
  exchange(params: URLSearchParams, checks: CallbackChecks): Promise<ProviderProfile>;
}

/** `email_verified` as providers send it: a boolean, or the string "true" (Apple, Cognito). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
