import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

export interface GithubAccount {
  id: number;
  login: string;
  emails: GithubEmail[];
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  account: GithubAccount;
}

/**
 * GitHub's documented OAuth web flow and REST endpoints on a loopback port: `/login/oauth/authorize`
 * approves at once for `account`, `/login/oauth/access_token` checks the client, the code, its
 * redirect URI and the PKCE verifier (answering errors with 200 and an `error` field, as GitHub
 * does), and `/api/user`, `/api/user/emails` answer for the access token.
 */
export class GithubStandIn {
  account: GithubAccount = { id: 1, login: 'octocat', emails: [] };
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, GithubAccount>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly client: { id: string; secret: string },
  ) {
    server.on('request', (req, res) => {
      this.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
  }

  static async start(client: { id: string; secret: string }): Promise<GithubStandIn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new GithubStandIn(
      server,
      `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      client,
    );
  }

  get secret(): string {
    return this.client.secret;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') return this.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      return this.accessToken(new URLSearchParams(await body(req)), res);
    }
    const account = this.tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (req.method === 'GET' && account && url.pathname === '/api/user') {
      return json(res, 200, { id: account.id, login: account.login });
    }
    if (req.method === 'GET' && account && url.pathname === '/api/user/emails') {
      return json(
        res,
        200,
        account.emails.map((e) => ({ ...e, visibility: null })),
      );
    }
    json(res, 401, { message: 'Requires authentication' });
  }

  private authorize(url: URL, res: ServerResponse): void {
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, {
      clientId: url.searchParams.get('client_id') ?? '',
      redirectUri,
      challenge: url.searchParams.get('code_challenge') ?? '',
      account: this.account,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.href }).end();
  }

  private accessToken(form: URLSearchParams, res: ServerResponse): void {
    const issued = this.codes.get(form.get('code') ?? '');
    this.codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const valid =
      issued !== undefined &&
      form.get('client_id') === this.client.id &&
      form.get('client_secret') === this.client.secret &&
      issued.clientId === this.client.id &&
      form.get('redirect_uri') === issued.redirectUri &&
      createHash('sha256').update(verifier).digest('base64url') === issued.challenge;
    if (!valid)
      return json(res, 200, { error: 'bad_verification_code', error_description: 'The code is incorrect.' });
    const token = `gho_${randomBytes(18).toString('hex')}`;
    this.tokens.set(token, issued.account);
    json(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
