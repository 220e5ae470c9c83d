export interface Account {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Strong enough for the password policy; every benchmark account shares it. */
export const BENCH_PASSWORD = 'lantern-harbor-quartz-58';

export function benchEmail(runId: string, n: number | string): string {
  return `bench-${runId}-${n}@example.com`;
}

/** Registers `count` accounts through the API, `concurrency` at a time; each comes with a session. */
export async function registerAccounts(
  baseUrl: string,
  runId: string,
  count: number,
  concurrency: number,
): Promise<Account[]> {
  const accounts: Account[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const email = benchEmail(runId, `setup-${next++}`);
      accounts.push(await register(baseUrl, email));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return accounts;
}

async function register(baseUrl: string, email: string): Promise<Account> {
  const response = await fetch(`${baseUrl}/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (response.status !== 201) {
    throw new Error(`register answered ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { session: { access_token: string; refresh_token: string } };
  return {
    email,
    password: BENCH_PASSWORD,
    accessToken: body.session.access_token,
    refreshToken: body.session.refresh_token,
  };
}
