import { randomUUID } from 'node:crypto';
import type { Env } from '@app/core';
import { GithubStandIn } from './github-stand-in';
import { APP_ORIGIN, PUBLIC_URL } from './oauth-flow';
import { OidcTestProvider } from './oidc-test-provider';
import { closedPort } from './ports';

export const CLIENT = { client_id: 'auth-service', client_secret: `secret-${randomUUID()}` };

/**
 * Two OIDC providers (`test` and `other`, for mix-up attacks) and a GitHub, all on loopback ports,
 * and `down`, configured at a port where nothing listens.
 */
export interface TestProviders {
  test: OidcTestProvider;
  other: OidcTestProvider;
  github: GithubStandIn;
  env: Env;
  close(): Promise<void>;
}

export async function startTestProviders(
  publicUrl = PUBLIC_URL,
  appOrigin = APP_ORIGIN,
): Promise<TestProviders> {
  const client = (name: string) => ({ ...CLIENT, redirect_uris: [`${publicUrl}/v1/oauth/${name}/callback`] });
  const test = await OidcTestProvider.start([client('test')]);
  const other = await OidcTestProvider.start([client('other')]);
  const github = await GithubStandIn.start({ id: 'gh-client', secret: `gh-${randomUUID()}` });
  const env: Env = {
    PUBLIC_URL: publicUrl,
    OAUTH_REDIRECT_ALLOWLIST: `${appOrigin}/*`,
    OAUTH_OIDC_PROVIDERS: 'test,other,down',
    OAUTH_OIDC_DOWN_ISSUER: `http://127.0.0.1:${await closedPort()}`,
    OAUTH_OIDC_DOWN_CLIENT_ID: CLIENT.client_id,
    OAUTH_OIDC_DOWN_CLIENT_SECRET: CLIENT.client_secret,
    OAUTH_OIDC_TEST_ISSUER: test.issuer,
    OAUTH_OIDC_TEST_CLIENT_ID: CLIENT.client_id,
    OAUTH_OIDC_TEST_CLIENT_SECRET: CLIENT.client_secret,
    OAUTH_OIDC_OTHER_ISSUER: other.issuer,
    OAUTH_OIDC_OTHER_CLIENT_ID: CLIENT.client_id,
    OAUTH_OIDC_OTHER_CLIENT_SECRET: CLIENT.client_secret,
    OAUTH_GITHUB_CLIENT_ID: 'gh-client',
    OAUTH_GITHUB_CLIENT_SECRET: github.secret,
    OAUTH_GITHUB_URL: github.url,
    OAUTH_GITHUB_API_URL: `${github.url}/api`,
  };
  return {
    test,
    other,
    github,
    env,
    close: async () => {
      await Promise.all([test.close(), other.close(), github.close()]);
    },
  };
}
