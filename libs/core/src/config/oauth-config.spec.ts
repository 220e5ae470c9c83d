import { generateKeyPairSync } from 'node:crypto';
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

const appleKey = (curve = 'prime256v1') =>
  generateKeyPairSync('ec', { namedCurve: curve })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()
    .replace(/\n/g, '\\n');

describe('OAuth provider settings', () => {
  it('configures no provider and an empty allow-list by default', () => {
    expect(loadConfig({}).oauth).toEqual({ redirectAllowlist: [], providers: [] });
  });

  it('reads Google with its default issuer and GitHub with its default URLs', () => {
    const { providers } = loadConfig({
      OAUTH_GOOGLE_CLIENT_ID: 'g-id',
      OAUTH_GOOGLE_CLIENT_SECRET: 'g-secret',
      OAUTH_GITHUB_CLIENT_ID: 'gh-id',
      OAUTH_GITHUB_CLIENT_SECRET: 'gh-secret',
    }).oauth;

    expect(providers).toEqual([
      expect.objectContaining({ name: 'google', kind: 'oidc', issuer: 'https://accounts.google.com' }),
      expect.objectContaining({
        name: 'github',
        kind: 'github',
        issuer: 'https://github.com',
        apiUrl: 'https://api.github.com',
      }),
    ]);
  });

  it('builds the Microsoft issuer from the tenant', () => {
    const env = { OAUTH_MICROSOFT_CLIENT_ID: 'm', OAUTH_MICROSOFT_CLIENT_SECRET: 's' };
    expect(loadConfig(env).oauth.providers[0]?.issuer).toBe('https://login.microsoftonline.com/common/v2.0');
    expect(
      loadConfig({ ...env, OAUTH_MICROSOFT_TENANT: 'contoso.onmicrosoft.com' }).oauth.providers[0]?.issuer,
    ).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0');
    expect(configError({ ...env, OAUTH_MICROSOFT_TENANT: '../x' })).toContain('OAUTH_MICROSOFT_TENANT');
  });

  it('reads generic OIDC providers by name, with their scopes', () => {
    const { providers } = loadConfig({
      OAUTH_OIDC_PROVIDERS: 'keycloak',
      OAUTH_OIDC_KEYCLOAK_ISSUER: 'https://sso.example.com/realms/main',
      OAUTH_OIDC_KEYCLOAK_CLIENT_ID: 'kc',
      OAUTH_OIDC_KEYCLOAK_CLIENT_SECRET: 'kc-secret',
      OAUTH_OIDC_KEYCLOAK_SCOPES: 'openid email',
    }).oauth;

    expect(providers).toEqual([
      {
        name: 'keycloak',
        kind: 'oidc',
        issuer: 'https://sso.example.com/realms/main',
        clientId: 'kc',
        clientSecret: 'kc-secret',
        scopes: 'openid email',
      },
    ]);
  });

  it('stops on a client id without a secret, naming the variable', () => {
    expect(configError({ OAUTH_GOOGLE_CLIENT_ID: 'g' })).toContain(
      'OAUTH_GOOGLE_CLIENT_SECRET is required with OAUTH_GOOGLE_CLIENT_ID',
    );
    expect(
      configError({ OAUTH_OIDC_PROVIDERS: 'okta', OAUTH_OIDC_OKTA_ISSUER: 'https://okta.example.com' }),
    ).toContain('OAUTH_OIDC_OKTA_CLIENT_ID is required');
  });

  it('refuses a provider name that is not a name, or that of a built-in provider', () => {
    expect(configError({ OAUTH_OIDC_PROVIDERS: 'google' })).toContain('OAUTH_OIDC_PROVIDERS');
    expect(configError({ OAUTH_OIDC_PROVIDERS: 'a-b' })).toContain('OAUTH_OIDC_PROVIDERS');
  });

  it('allows an http issuer in development only', () => {
    const env = {
      OAUTH_OIDC_PROVIDERS: 'local',
      OAUTH_OIDC_LOCAL_ISSUER: 'http://127.0.0.1:9000',
      OAUTH_OIDC_LOCAL_CLIENT_ID: 'c',
      OAUTH_OIDC_LOCAL_CLIENT_SECRET: 's',
    };
    expect(loadConfig(env).oauth.providers[0]?.issuer).toBe('http://127.0.0.1:9000');
    expect(configError({ ...env, NODE_ENV: 'production' })).toContain(
      'OAUTH_OIDC_LOCAL_ISSUER must be a https:// URL',
    );
  });

  it('needs every Apple setting, and a P-256 key', () => {
    const apple = {
      OAUTH_APPLE_CLIENT_ID: 'com.example.web',
      OAUTH_APPLE_TEAM_ID: 'TEAM123456',
      OAUTH_APPLE_KEY_ID: 'KEY1234567',
      OAUTH_APPLE_PRIVATE_KEY: appleKey(),
    };
    expect(loadConfig(apple).oauth.providers[0]).toMatchObject({ name: 'apple', kind: 'apple' });
    expect(configError({ ...apple, OAUTH_APPLE_KEY_ID: undefined })).toContain(
      'OAUTH_APPLE_KEY_ID is required for Sign in with Apple',
    );
    const message = configError({ ...apple, OAUTH_APPLE_PRIVATE_KEY: appleKey('secp384r1') });
    expect(message).toContain('OAUTH_APPLE_PRIVATE_KEY must be the P-256 private key');
    expect(message).not.toContain('BEGIN');
  });

  it('accepts exact URLs and origins with /*, and refuses anything else', () => {
    const allowlist = 'https://app.example.com/callback, http://localhost:3000/*';
    expect(loadConfig({ OAUTH_REDIRECT_ALLOWLIST: allowlist }).oauth.redirectAllowlist).toEqual([
      'https://app.example.com/callback',
      'http://localhost:3000/*',
    ]);
    for (const bad of [
      'app.example.com',
      'javascript:alert(1)',
      'https://u:p@a.example',
      'https://a.example/x/*',
    ]) {
      expect(configError({ OAUTH_REDIRECT_ALLOWLIST: bad })).toContain('OAUTH_REDIRECT_ALLOWLIST');
    }
  });
});
