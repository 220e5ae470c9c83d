import type { OAuthProviderSettings } from '@app/core';
import { OidcProvider } from './oidc.provider';

class Exposed extends OidcProvider {
  trusts(claims: Record<string, unknown>): boolean {
    return this.emailVerified(claims);
  }
}

const settings = (kind: OAuthProviderSettings['kind']): OAuthProviderSettings => ({
  name: kind,
  kind,
  clientId: 'client',
  clientSecret: 'secret',
  issuer: 'https://issuer.example',
  scopes: 'openid email',
});

describe('OidcProvider email trust', () => {
  it.each([
    [{ email_verified: true }, true],
    [{ email_verified: 'true' }, true],
    [{ email_verified: false }, false],
    [{ email_verified: 'false' }, false],
    [{ email_verified: 1 }, false],
    [{}, false],
  ])('takes %j as verified: %s', (claims, verified) => {
    expect(new Exposed(settings('oidc')).trusts(claims)).toBe(verified);
  });

  it('trusts an Entra ID email only when the domain owner verified it (xms_edov)', () => {
    const microsoft = new Exposed(settings('microsoft'));
    expect(microsoft.trusts({ email: 'a@contoso.com' })).toBe(false);
    expect(microsoft.trusts({ email: 'a@contoso.com', xms_edov: true })).toBe(true);
    expect(microsoft.trusts({ email: 'a@contoso.com', xms_edov: false })).toBe(false);
  });
});
