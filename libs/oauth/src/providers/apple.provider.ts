import type { OAuthProviderSettings } from '@app/core';
import { AppleClientSecret } from './apple-client-secret';
import { CallbackChecks, ProviderProfile } from './oauth-provider';
import { OidcProvider } from './oidc.provider';

/** Sign in with Apple: OIDC with a signed client secret and a form-POST callback. */
export class AppleProvider extends OidcProvider {
  constructor(
    settings: OAuthProviderSettings,
    private readonly secret = new AppleClientSecret(settings),
  ) {
    super(settings, secret.clientAuth);
  }

  override async exchange(params: URLSearchParams, checks: CallbackChecks): Promise<ProviderProfile> {
    await this.secret.refresh();
    // Apple's form also carries `user` (the name, on first sign-in only): it is not signed, so unused.
    params.delete('user');
    return super.exchange(params, checks);
  }
}
