import { createPrivateKey } from 'node:crypto';
import { EnvReader, shown } from './env-reader';

/** How a provider's email claim is trusted and how it is signed in to. */
export type OAuthProviderKind = 'oidc' | 'microsoft' | 'apple' | 'github';

export interface OAuthProviderSettings {
  /** The name in the routes, `/v1/oauth/<name>/...`. */
  name: string;
  kind: OAuthProviderKind;
  clientId: string;
  /** Unset for Apple, whose secret is a JWT made from the key below. */
  clientSecret: string | undefined;
  /** OIDC issuer identifier; for GitHub, its web URL. */
  issuer: string;
  /** GitHub's REST API base URL. */
  apiUrl?: string;
  scopes: string;
  apple?: { teamId: string; keyId: string; privateKey: string };
}

export interface OAuthSettings {
  redirectAllowlist: string[];
  providers: OAuthProviderSettings[];
}

const BUILT_IN = ['google', 'github', 'microsoft', 'apple'];
const PROVIDER_NAME = /^[a-z][a-z0-9_]{0,31}$/;
const OIDC_SCOPES = 'openid email profile';

/** OAUTH_* variables: the redirect allow-list and every configured provider. */
export function readOAuth(r: EnvReader, isProduction: boolean): OAuthSettings {
  const providers: OAuthProviderSettings[] = [];
  const add = (p: OAuthProviderSettings | undefined) => p && providers.push(p);
  add(
    readClient(
      r,
      'google',
      'oidc',
      issuerOf(r, 'OAUTH_GOOGLE_ISSUER', 'https://accounts.google.com', isProduction),
    ),
  );
  add(readClient(r, 'microsoft', 'microsoft', microsoftIssuer(r)));
  add(readApple(r));
  add(readGithub(r, isProduction));
  for (const name of r.list('OAUTH_OIDC_PROVIDERS').map((n) => n.toLowerCase())) {
    if (!PROVIDER_NAME.test(name) || BUILT_IN.includes(name)) {
      r.fail(
        `OAUTH_OIDC_PROVIDERS must list names of letters, digits and _ other than ${BUILT_IN.join(', ')} (got ${shown(name)})`,
        undefined,
      );
      continue;
    }
    const prefix = `OAUTH_OIDC_${name.toUpperCase()}`;
    const issuer = issuerOf(r, `${prefix}_ISSUER`, undefined, isProduction);
    r.require(
      r.raw(`${prefix}_ISSUER`) !== undefined,
      `${prefix}_ISSUER is required for the provider ${name}`,
    );
    r.require(
      r.raw(`${prefix}_CLIENT_ID`) !== undefined,
      `${prefix}_CLIENT_ID is required for the provider ${name}`,
    );
    const client = readClient(r, name, 'oidc', issuer ?? '', prefix);
    if (client) providers.push({ ...client, scopes: r.string(`${prefix}_SCOPES`, OIDC_SCOPES) });
  }
  return { redirectAllowlist: readAllowlist(r), providers };
}

/** A provider with a client id and secret; with neither it is off, with one of them a mistake. */
function readClient(
  r: EnvReader,
  name: string,
  kind: OAuthProviderKind,
  issuer: string | undefined,
  prefix = `OAUTH_${name.toUpperCase()}`,
): OAuthProviderSettings | undefined {
  const clientId = r.raw(`${prefix}_CLIENT_ID`);
  const clientSecret = r.raw(`${prefix}_CLIENT_SECRET`);
  if (clientId === undefined && clientSecret === undefined) return undefined;
  r.require(clientSecret !== undefined, `${prefix}_CLIENT_SECRET is required with ${prefix}_CLIENT_ID`);
  r.require(clientId !== undefined, `${prefix}_CLIENT_ID is required with ${prefix}_CLIENT_SECRET`);
  if (clientId === undefined || issuer === undefined) return undefined;
  return { name, kind, clientId, clientSecret, issuer, scopes: OIDC_SCOPES };
}

/** An https URL (http is accepted outside production, for local providers), kept exactly as given. */
function issuerOf(r: EnvReader, name: string, fallback: string | undefined, isProduction: boolean) {
  if (r.raw(name) === undefined) return fallback;
  return r.url(name, isProduction ? ['https'] : ['https', 'http']);
}

function microsoftIssuer(r: EnvReader): string {
  const tenant = r.string('OAUTH_MICROSOFT_TENANT', 'common');
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/.test(tenant)) {
    r.fail(
      `OAUTH_MICROSOFT_TENANT must be a tenant id or domain, or common, organizations, consumers (got ${shown(tenant)})`,
      undefined,
    );
  }
  return `https://login.microsoftonline.com/${tenant}/v2.0`;
}

function readApple(r: EnvReader): OAuthProviderSettings | undefined {
  const names = ['CLIENT_ID', 'TEAM_ID', 'KEY_ID', 'PRIVATE_KEY'].map((n) => `OAUTH_APPLE_${n}`);
  const values = names.map((n) => r.raw(n));
  if (values.every((v) => v === undefined)) return undefined;
  names.forEach((n, i) => r.require(values[i] !== undefined, `${n} is required for Sign in with Apple`));
  const [clientId, teamId, keyId, rawKey] = values;
  if (!clientId || !teamId || !keyId || !rawKey) return undefined;
  const privateKey = rawKey.replace(/\\n/g, '\n');
  try {
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new Error();
  } catch {
    r.fail('OAUTH_APPLE_PRIVATE_KEY must be the P-256 private key (.p8 PEM) Apple issued', undefined);
  }
  return {
    name: 'apple',
    kind: 'apple',
    clientId,
    clientSecret: undefined,
    issuer: 'https://appleid.apple.com',
    scopes: 'openid email name',
    apple: { teamId, keyId, privateKey },
  };
}

function readGithub(r: EnvReader, isProduction: boolean): OAuthProviderSettings | undefined {
  const issuer = issuerOf(r, 'OAUTH_GITHUB_URL', 'https://github.com', isProduction);
  const apiUrl = issuerOf(r, 'OAUTH_GITHUB_API_URL', 'https://api.github.com', isProduction);
  const client = readClient(r, 'github', 'github', issuer);
  return client && { ...client, apiUrl, scopes: 'read:user user:email' };
}

/** Exact URLs, or an origin followed by `/*`; each must parse as an http(s) URL without credentials. */
function readAllowlist(r: EnvReader): string[] {
  const entries = r.list('OAUTH_REDIRECT_ALLOWLIST');
  for (const entry of entries) {
    const base = entry.endsWith('/*') ? entry.slice(0, -2) : entry;
    let url: URL | undefined;
    try {
      url = new URL(base);
    } catch {
      url = undefined;
    }
    const wildcardOk = !entry.endsWith('/*') || (url !== undefined && url.pathname === '/' && !url.search);
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || !wildcardOk) {
      r.fail(
        `OAUTH_REDIRECT_ALLOWLIST entries must be http(s) URLs, or an origin followed by /* (got ${shown(entry)})`,
        undefined,
      );
    }
  }
  return entries;
}
