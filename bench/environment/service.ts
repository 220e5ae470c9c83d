import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeProcess } from './child-process';

export const REPO_ROOT = resolve(__dirname, '../../..');
const SERVICE_ENTRY = join(REPO_ROOT, 'dist/apps/auth-service/src/main.js');

export interface ServiceSettings {
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  smsWebhookUrl: string;
  privateKeyPem: string;
  bcryptCost: number;
  /** Node options the image runs the service with (its `NODE_OPTIONS`: heap sizes). */
  nodeOptions: string;
  /** More Node options, before the entry point (they win over `nodeOptions`). */
  nodeFlags: string[];
  logFile: string;
  /** More variables, over the defaults below. */
  extraEnv?: Record<string, string>;
}

/** The `NODE_OPTIONS` the image sets (docker/Dockerfile), so that the bench runs the service alike. */
export function imageNodeOptions(): string {
  const dockerfile = readFileSync(join(REPO_ROOT, 'docker/Dockerfile'), 'utf8');
  const options = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)?.[1];
  if (options === undefined) throw new Error('docker/Dockerfile sets no NODE_OPTIONS');
  return options;
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
 * The built service in production mode, configured only through its environment like a
 * deployment, with per-IP rate limits off so that the benchmark measures the service rather
 * than its limits. It listens on a free port and logs at `info` to a file.
 */
export async function startService(
  settings: ServiceSettings,
): Promise<{ process: NodeProcess; url: string }> {
  const service = new NodeProcess(
    'the service',
    [...settings.nodeFlags, SERVICE_ENTRY],
    {
      NODE_ENV: 'production',
      NODE_OPTIONS: settings.nodeOptions,
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
