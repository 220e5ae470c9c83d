import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { OidcMemoryAdapter } from './oidc-memory-adapter';

export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

type TokenBody = Record<string, unknown> & { id_token?: string };

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a loopback port. Its login and
 * consent interaction is finished programmatically for `account`, which each test sets; and a
 * test may rewrite the token endpoint's answer (`tamperTokens`) to play a malicious or mixed-up
 * provider, signing ID tokens of its choosing with `signIdToken`.
 */
export class OidcTestProvider {
  account: TestAccount = { sub: randomUUID() };
  /** When set, the next interaction is refused with this OAuth error (e.g. `access_denied`). */
  refuseWith: string | undefined;
  tamperTokens: ((body: TokenBody) => Promise<TokenBody> | TokenBody) | undefined;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly provider: Provider,
    private readonly signingKey: SigningKey,
    private readonly kid: string,
  ) {}

  static async start(clients: TestClient[]): Promise<OidcTestProvider> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    const accounts = new Map<string, TestAccount>();
    const provider = new Provider(issuer, {
      clients: clients.map((c) => ({ ...c, token_endpoint_auth_method: 'client_secret_post' })),
      jwks: { keys: [jwk] },
      cookies: { keys: [randomUUID()] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      adapter: OidcMemoryAdapter,
      ttl: {
        Interaction: 600,
        Session: 600,
        Grant: 600,
        AccessToken: 600,
        IdToken: 600,
        AuthorizationCode: 60,
      },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => {
        const account = accounts.get(sub);
        return account ? { accountId: sub, claims: () => ({ ...account }) } : undefined;
      },
    });
    const harness = new OidcTestProvider(server, issuer, provider, privateKey, kid);
    provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
      await next();
      if (ctx.path === '/token' && ctx.status === 200 && harness.tamperTokens) {
        ctx.body = await harness.tamperTokens(ctx.body as TokenBody);
      }
    });
    const callback = provider.callback();
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/interaction/')) {
        harness.finishInteraction(req, res, accounts).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
      } else {
        void callback(req, res);
      }
    });
    return harness;
  }

  /** Signs an ID token with the provider's own key, with the claims a test wants. */
  signIdToken(claims: JWTPayload, key: SigningKey = this.signingKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iat: now, exp: now + 300, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .sign(key);
  }

  /** The claims of an ID token, as the provider issued it (not verified: the harness made it). */
  static claimsOf(idToken: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async finishInteraction(
    req: IncomingMessage,
    res: ServerResponse,
    accounts: Map<string, TestAccount>,
  ): Promise<void> {
    const details = await this.provider.interactionDetails(req, res);
    if (this.refuseWith) {
      const error = this.refuseWith;
      this.refuseWith = undefined;
      await this.provider.interactionFinished(req, res, { error, error_description: 'refused by the test' });
      return;
    }
    const accountId = this.account.sub;
    accounts.set(accountId, this.account);
    const grant = new this.provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }
}
