import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeProcess } from './child-process';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface ServiceSettings {
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  smsWebhookUrl: string;
  privateKeyPem: string;
  bcryptCost: number;
  /** More Node options, before those of the start command (so they win over them). */
  nodeFlags: string[];
  logFile: string;
  /** More variables, over the defaults below. */
  extraEnv?: Record<string, string>;
}

/**
 * The arguments of `npm run start:prod` after `node` (its memory options and the entry point), so
 * that the bench starts the service the way the README says to; run from the repository root.
 */
export function productionStartArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (manifest.scripts['start:prod'] ?? '').split(/\s+/).filter(Boolean);
  if (command !== 'node') throw new Error('package.json: start:prod is not a plain `node` command');
  return args;
}

/** An RS256 signing key for the run, as the service reads it (PKCS#8 PEM) and as verifiers need it. */
export function generateSigningKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * The built service in production mode, started as `npm run start:prod` starts it and configured
 * only through its environment like a deployment, with per-IP rate limits off so that the
 * benchmark measures the service rather than its limits. It listens on a free port and logs at `info` to a file.
 */
export async function startService(
  settings: ServiceSettings,
): Promise<{ process: NodeProcess; url: string }> {
  const service = new NodeProcess(
    'the service',
    [...settings.nodeFlags, ...productionStartArgs()],
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: settings.databaseUrl,
      REDIS_URL: settings.redisUrl,
      JWT_PRIVATE_KEY: settings.privateKeyPem,
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      MAIL_PROVIDER: 'smtp',
      SMTP_URL: settings.smtpUrl,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: settings.smsWebhookUrl,
      BCRYPT_COST: String(settings.bcryptCost),
      RATE_LIMIT_ENABLED: 'false',
      SHUTDOWN_DRAIN_MS: '0',
      ...settings.extraEnv,
    },
    settings.logFile,
    REPO_ROOT,
  );
  const [, url] = await service.waitForOutput(/listening on (http:\/\/[^\s"]+)/);
  return { process: service, url: url! };
}

/** Threads of the libuv pool of a running process (libuv names them `libuv-worker`). */
export function libuvPoolThreads(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).filter(
    (tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === 'libuv-worker',
  ).length;
}
