import type { RequestSpec } from 'autocannon';
import { Account, BENCH_PASSWORD, benchEmail } from './accounts';

const JSON_HEADERS = { 'content-type': 'application/json' };

export function verifyTokenRequest(accessToken: string): RequestSpec {
  return { method: 'GET', path: '/v1/verify-token', headers: { authorization: `Bearer ${accessToken}` } };
}

export function healthzRequest(): RequestSpec {
  return { method: 'GET', path: '/healthz' };
}

/** Password logins that go round the accounts, so that no single account row is hot. */
export function loginRequest(accounts: Account[]): RequestSpec {
  let next = 0;
  return {
    method: 'POST',
    path: '/v1/login',
    headers: JSON_HEADERS,
    setupRequest: (request) => {
      const account = accounts[next++ % accounts.length]!;
      return { ...request, body: JSON.stringify({ email: account.email, password: account.password }) };
    },
  };
}

/** Sign-ups, each with an address never used before, across every run that shares this object. */
export class SignUps {
  private next = 0;

  constructor(private readonly runId: string) {}

  request(): RequestSpec {
    return {
      method: 'POST',
      path: '/v1/register',
      headers: JSON_HEADERS,
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ email: benchEmail(this.runId, this.next++), password: BENCH_PASSWORD }),
      }),
    };
  }
}
