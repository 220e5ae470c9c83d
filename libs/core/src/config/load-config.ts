import { resolve } from 'node:path';
import { readAdminApiKeys } from './admin-config';
import { AppConfig, NodeEnv } from './app-config';
import { readMail, readSms } from './delivery-config';
import { Env, EnvReader } from './env-reader';
import { readCorsOrigins, readHost, readTrustProxy } from './http-config';
import { readJwt } from './jwt-config';
import { readOAuth } from './oauth-config';
import { readPublicUrl } from './public-url-config';
import { readRateLimits } from './rate-limits';
import { readWebAuthn } from './webauthn-config';
import { readWebhooks } from './webhook-config';

const BODY_LIMIT_BYTES = 16 * 1024;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Validates the environment into the typed configuration. Throws a `ConfigError` whose one-line
 * message names every variable that is wrong, and every development convenience that
 * `NODE_ENV=production` refuses. Messages never repeat a secret or a URL's credentials.
 */
export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf<NodeEnv>('NODE_ENV', ['development', 'test', 'production'], 'development');
  const isProduction = nodeEnv === 'production';
  const port = r.int('PORT', 8001, 0, 65535);
  const publicUrl = readPublicUrl(r, port);

  const config: AppConfig = {
    nodeEnv,
    isProduction,
    host: readHost(r),
    port,
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    dataDir: resolve(cwd, r.string('DATA_DIR', './.data')),
    database: {
      url: r.url('DATABASE_URL', ['postgres', 'postgresql']),
      poolSize: r.int('DB_POOL_SIZE', 10, 1, 1000),
      migrateOnStart: r.bool('DB_MIGRATE_ON_START', true),
      connectTimeoutMs: 3000,
      statementTimeoutMs: 10_000,
    },
    redis: {
      url: r.url('REDIS_URL', ['redis', 'rediss']),
      keyPrefix: 'auth:',
      commandTimeoutMs: 1000,
    },
    jwt: readJwt(r, isProduction, cwd),
    passwords: {
      bcryptCost: r.int('BCRYPT_COST', 12, 10, 20),
      minLength: r.int('PASSWORD_MIN_LENGTH', 8, 8, 256),
      requireEmailVerification: r.bool('REQUIRE_EMAIL_VERIFICATION', false),
    },
    otp: {
      length: r.int('OTP_LENGTH', 6, 6, 10),
      ttl: r.int('OTP_TTL', 600, 30, 86_400),
      maxAttempts: r.int('OTP_MAX_ATTEMPTS', 5, 1, 100),
      resendInterval: r.int('OTP_RESEND_INTERVAL', 60, 0, 86_400),
      dailyLimitPerDestination: r.int('OTP_DAILY_LIMIT_PER_DESTINATION', 10, 1, 10_000),
    },
    mail: readMail(r, isProduction),
    sms: readSms(r, isProduction),
    mfaEncryptionKey: readMfaEncryptionKey(r),
    http: {
      trustProxy: readTrustProxy(r),
      corsOrigins: readCorsOrigins(r),
      bodyLimitBytes: BODY_LIMIT_BYTES,
    },
    rateLimits: { enabled: r.bool('RATE_LIMIT_ENABLED', true), ...readRateLimits(r) },
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', 5000, 0, 600_000),
    auditRetentionDays: r.int('AUDIT_RETENTION_DAYS', 365, 1, 36_500),
    metricsToken: readMetricsToken(r),
    oauth: readOAuth(r, isProduction),
    publicUrl,
    admin: { apiKeys: readAdminApiKeys(r) },
    webhooks: readWebhooks(r),
    webauthn: readWebAuthn(r, publicUrl),
  };
  if (isProduction) refuseDevelopmentStores(r);
  r.assertValid();
  return config;
}

/** In production the embedded database, the in-process stores and generated keys are refused. */
function refuseDevelopmentStores(r: EnvReader): void {
  const unset = (name: string) => r.raw(name) === undefined;
  r.require(
    !unset('DATABASE_URL'),
    'DATABASE_URL is required when NODE_ENV=production: set it to a postgres:// URL (the embedded database is for development only)',
  );
  r.require(
    !unset('REDIS_URL'),
    'REDIS_URL is required when NODE_ENV=production: set it to a redis:// URL (in-process stores do not work across replicas)',
  );
  r.require(
    !unset('MFA_ENCRYPTION_KEY'),
    'MFA_ENCRYPTION_KEY is required when NODE_ENV=production: set it to 32 random bytes in base64, e.g. from `openssl rand -base64 32` (generated keys are for development only)',
  );
}

/** 32 bytes in base64 (standard or URL-safe alphabet). The value is never repeated. */
function readMfaEncryptionKey(r: EnvReader): string | undefined {
  const value = r.raw('MFA_ENCRYPTION_KEY');
  if (value === undefined) return undefined;
  const isBase64 = /^[A-Za-z0-9+/]+={0,2}$/.test(value) || /^[A-Za-z0-9_-]+={0,2}$/.test(value);
  if (!isBase64 || Buffer.from(value, 'base64').length !== 32) {
    return r.fail(
      'MFA_ENCRYPTION_KEY must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)',
      undefined,
    );
  }
  return value;
}

/** A bearer token as RFC 6750 allows it in a header. The value is never repeated. */
function readMetricsToken(r: EnvReader): string | undefined {
  const value = r.raw('METRICS_TOKEN');
  if (value !== undefined && !/^[A-Za-z0-9\-._~+/]+=*$/.test(value)) {
    return r.fail(
      'METRICS_TOKEN must use only letters, digits and -._~+/ (it is sent as a bearer token)',
      value,
    );
  }
  return value;
}
