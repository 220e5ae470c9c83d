import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';

function configError(env: Env): string {
  let thrown: unknown;
  try {
    loadConfig(env, '/srv/auth');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as Error).message;
}

describe('WebAuthn settings', () => {
  it('default to the host and origin of the public URL', () => {
    expect(loadConfig({ PORT: '9000' }).webauthn).toEqual({
      rpId: 'localhost',
      rpName: 'Auth service',
      origins: ['http://localhost:9000'],
    });
  });

  it('follow PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://auth.example.com/api/' }).webauthn).toMatchObject({
      rpId: 'auth.example.com',
      origins: ['https://auth.example.com'],
    });
  });

  it('reads an RP id, a name and origins on the RP id or under it', () => {
    const config = loadConfig({
      WEBAUTHN_RP_ID: 'example.com',
      WEBAUTHN_RP_NAME: 'Example',
      WEBAUTHN_ORIGINS: 'https://example.com, https://app.example.com,https://login.eu.example.com',
    });
    expect(config.webauthn).toEqual({
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://example.com', 'https://app.example.com', 'https://login.eu.example.com'],
    });
  });

  it('accepts an Android app origin', () => {
    const origin = `android:apk-key-hash:${'a'.repeat(43)}`;
    const config = loadConfig({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: origin });
    expect(config.webauthn.origins).toEqual([origin]);
  });

  it.each(['https://example.com', '127.0.0.1', 'example.com:443', 'Example.com', 'exa mple.com', '::1'])(
    'refuses WEBAUTHN_RP_ID=%s',
    (value) => {
      const message = configError({ WEBAUTHN_RP_ID: value, WEBAUTHN_ORIGINS: 'https://example.com' });
      expect(message).toContain('WEBAUTHN_RP_ID must be a domain name');
      expect(message.split('\n')).toHaveLength(1);
    },
  );

  it.each([
    'http://example.com',
    'https://example.com/',
    'https://example.com/login',
    'ftp://example.com',
    'example.com',
    '*',
  ])('refuses WEBAUTHN_ORIGINS=%s', (value) => {
    expect(configError({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: value })).toContain(
      'WEBAUTHN_ORIGINS must be a comma list of origins',
    );
  });

  it('refuses an origin that does not lie on the RP id', () => {
    expect(
      configError({
        WEBAUTHN_RP_ID: 'example.com',
        WEBAUTHN_ORIGINS: 'https://example.org,https://evilexample.com',
      }),
    ).toContain(
      'WEBAUTHN_ORIGINS must be origins on WEBAUTHN_RP_ID "example.com" or its subdomains (got "https://example.org")',
    );
  });

  it('refuses an RP id that the default origin does not lie on', () => {
    expect(configError({ WEBAUTHN_RP_ID: 'example.com' })).toContain(
      'WEBAUTHN_ORIGINS must be origins on WEBAUTHN_RP_ID',
    );
  });

  it('refuses a name that is too long or holds control characters', () => {
    expect(configError({ WEBAUTHN_RP_NAME: 'x'.repeat(65) })).toContain('WEBAUTHN_RP_NAME must be');
    expect(configError({ WEBAUTHN_RP_NAME: 'a\u0007b' })).toContain('WEBAUTHN_RP_NAME must be');
  });
});
