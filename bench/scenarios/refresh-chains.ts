import type { RequestContext, RequestSpec } from 'autocannon';

interface Chain {
  token: string;
}

/**
 * Refresh tokens used the way a client uses them: each exactly once, the next request of a chain
 * presenting the token its previous response returned. A connection takes a free chain for each
 * request and gives it back with the new token; a chain whose request was cut off by the end of a
 * run (its token possibly rotated without the answer being read) is never used again.
 */
export class RefreshChains {
  private readonly free: Chain[];
  private readonly seen: Set<string>;
  private duplicateIssues = 0;
  private exhausted = 0;

  constructor(refreshTokens: string[]) {
    this.free = refreshTokens.map((token) => ({ token }));
    this.seen = new Set(refreshTokens);
  }

  /** Tokens handed out that had been seen before, and requests for which no chain was free. */
  get anomalies(): { duplicateIssues: number; exhausted: number } {
    return { duplicateIssues: this.duplicateIssues, exhausted: this.exhausted };
  }

  request(): RequestSpec {
    return {
      method: 'POST',
      path: '/v1/token/refresh',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request, context) => {
        const chain = this.free.pop();
        if (!chain) this.exhausted++;
        context.chain = chain;
        const token = chain?.token ?? 'no-chain-left';
        return { ...request, body: JSON.stringify({ refresh_token: token }) };
      },
      onResponse: (status, body, context) => this.answered(status, body, context),
    };
  }

  private answered(status: number, body: string, context: RequestContext): void {
    const chain = context.chain as Chain | undefined;
    if (!chain || status !== 200) return;
    const next = (JSON.parse(body) as { session: { refresh_token: string } }).session.refresh_token;
    if (this.seen.has(next)) this.duplicateIssues++;
    this.seen.add(next);
    chain.token = next;
    this.free.push(chain);
  }
}
