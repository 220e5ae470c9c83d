import { join } from 'node:path';
import { NodeProcess } from '../environment/child-process';

export interface NaiveVerifySettings {
  publicKeyPem: string;
  redisUrl: string;
  issuer: string;
  audience: string;
}

export interface NaiveRefreshSettings {
  databaseUrl: string;
  privateKeyPem: string;
  issuer: string;
  audience: string;
  accessTokenTtl: number;
}

/** Starts the bare naive verify-token server (naive-verify-server.ts) and returns its URL. */
export function startNaiveVerifyServer(settings: NaiveVerifySettings, logFile: string) {
  return startNaiveServer('naive-verify-server', settings, logFile);
}

/** Starts the bare naive refresh server (naive-refresh-server.ts) and returns its URL. */
export function startNaiveRefreshServer(settings: NaiveRefreshSettings, logFile: string) {
  return startNaiveServer('naive-refresh-server', settings, logFile);
}

async function startNaiveServer(
  script: string,
  settings: object,
  logFile: string,
): Promise<{ process: NodeProcess; url: string }> {
  const server = new NodeProcess(
    `the ${script.replaceAll('-', ' ')}`,
    [join(__dirname, `${script}.js`), JSON.stringify(settings)],
    {},
    logFile,
  );
  const [, url] = await server.waitForOutput(/listening on (http:\/\/\S+)/);
  return { process: server, url: url! };
}

/** bcrypt compares per second with `threads` parallel calls (bcrypt-limit.ts, in a process of its own). */
export async function measureBcryptLimit(
  cost: number,
  threads: number,
  seconds: number,
  logFile: string,
): Promise<number> {
  const child = new NodeProcess(
    'the bcrypt limit',
    [join(__dirname, 'bcrypt-limit.js'), String(cost), String(threads), String(seconds)],
    { UV_THREADPOOL_SIZE: String(threads) },
    logFile,
  );
  const [, rate] = await child.waitForOutput(/"comparesPerSecond":([\d.]+)/, (seconds + 30) * 1000);
  await child.stop();
  return Number(rate);
}
