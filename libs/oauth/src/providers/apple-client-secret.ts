import { importPKCS8, SignJWT } from 'jose';
import type { ClientAuth } from 'openid-client';
import type { OAuthProviderSettings } from '@app/core';

const LIFETIME_SECONDS = 3600;
const RENEW_BEFORE_SECONDS = 600;

/**
 * Apple's client secret: an ES256 JWT signed with the team's key (iss = team id, sub = client id,
 * aud = Apple), renewed before it expires. `refresh()` runs before each exchange, so that the
 * synchronous client authentication always finds a live one.
 */
export class AppleClientSecret {
  private secret: { value: string; expiresAt: number } | undefined;

  constructor(private readonly settings: OAuthProviderSettings) {}

  async refresh(now = Date.now()): Promise<string> {
    if (this.secret && this.secret.expiresAt - RENEW_BEFORE_SECONDS * 1000 > now) return this.secret.value;
    const apple = this.settings.apple!;
    const key = await importPKCS8(apple.privateKey, 'ES256');
    const iat = Math.floor(now / 1000);
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: apple.keyId })
      .setIssuer(apple.teamId)
      .setSubject(this.settings.clientId)
      .setAudience(this.settings.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_SECONDS)
      .sign(key);
    this.secret = { value, expiresAt: (iat + LIFETIME_SECONDS) * 1000 };
    return value;
  }

  /** `client_secret_post` with the current secret. */
  readonly clientAuth: ClientAuth = (_as, client, body) => {
    body.set('client_id', client.client_id);
    body.set('client_secret', this.secret?.value ?? '');
  };
}
