import { join } from 'node:path';
import { NodeProcess } from '../environment/child-process';

export interface NaiveVerifySettings {
  publicKeyPem: string;
  redisUrl: string;
  issuer: string;
  audience: string;
}

/** Starts the bare naive verify-token server (naive-verify-server.ts) and returns its URL. */
export async function startNaiveVerifyServer(
  settings: NaiveVerifySettings,
  logFile: string,
): Promise<{ process: NodeProcess; url: string }> {
  const server = new NodeProcess(
    'the naive verify server',
    [join(__dirname, 'naive-verify-server.js'), JSON.stringify(settings)],
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
