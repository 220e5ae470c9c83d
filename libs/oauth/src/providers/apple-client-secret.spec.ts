import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { OAuthProviderSettings } from '@app/core';
import { AppleClientSecret } from './apple-client-secret';

describe('AppleClientSecret', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const settings: OAuthProviderSettings = {
    name: 'apple',
    kind: 'apple',
    clientId: 'com.example.web',
    clientSecret: undefined,
    issuer: 'https://appleid.apple.com',
    scopes: 'openid email name',
    apple: {
      teamId: 'TEAM123456',
      keyId: 'KEY1234567',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  };

  it('signs an ES256 JWT from the team id, key id and client id, for Apple', async () => {
    const secret = await new AppleClientSecret(settings).refresh();

    expect(decodeProtectedHeader(secret)).toEqual({ alg: 'ES256', kid: 'KEY1234567' });
    const { payload } = await jwtVerify(secret, publicKey, {
      issuer: 'TEAM123456',
      subject: 'com.example.web',
      audience: 'https://appleid.apple.com',
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('keeps a secret until it nears its expiry, and sends it with the client id', async () => {
    const apple = new AppleClientSecret(settings);
    const start = Date.UTC(2026, 0, 1);
    const first = await apple.refresh(start);
    expect(await apple.refresh(start + 49 * 60_000)).toBe(first);
    const renewed = await apple.refresh(start + 51 * 60_000);
    expect(renewed).not.toBe(first);

    const body = new URLSearchParams();
    apple.clientAuth(
      { issuer: 'https://appleid.apple.com' },
      { client_id: 'com.example.web' },
      body,
      new Headers(),
    );
    expect(Object.fromEntries(body)).toEqual({ client_id: 'com.example.web', client_secret: renewed });
  });
});
