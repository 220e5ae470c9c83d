import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { AppConfig, JwtAlgorithm, MailProvider, NodeEnv, SmsProvider, TrustProxy } from './app-config';
import { Env, EnvReader } from './env-reader';
import { readRateLimits } from './rate-limits';

const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Validates the environment into the typed configuration. Throws a `ConfigError` whose one-line
 * message names every variable that is wrong, and every development convenience that
 * `NODE_ENV=production` refuses.
 */
export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf<NodeEnv>('NODE_ENV', ['development', 'test', 'production'], 'development');
  const isProduction = nodeEnv === 'production';

  const database = {
    url: r.url('DATABASE_URL', ['postgres', 'postgresql']),
    poolSize: r.int('DB_POOL_SIZE', 10, 1, 1000),
    migrateOnStart: r.bool('DB_MIGRATE_ON_START', true),
    connectTimeoutMs: 3000,
    statementTimeoutMs: 10_000,
  };
  const redis = {
    url: r.url('REDIS_URL', ['redis', 'rediss']),
    keyPrefix: 'auth:',
    commandTimeoutMs: 1000,
  };

  const jwt = readJwt(r, isProduction);
  const mail = readMail(r, isProduction);
  const sms = readSms(r, isProduction);

  const mfaEncryptionKey = r.raw('MFA_ENCRYPTION_KEY');
  if (mfaEncryptionKey !== undefined && Buffer.from(mfaEncryptionKey, 'base64').length !== 32) {
    r.fail('MFA_ENCRYPTION_KEY must be 32 bytes encoded as base64', undefined);
  }

  if (isProduction) {
    r.require(
      database.url !== undefined,
      'DATABASE_URL is required when NODE_ENV=production (the embedded database is for development only)',
    );
    r.require(
      redis.url !== undefined,
      'REDIS_URL is required when NODE_ENV=production (in-process stores do not work across replicas)',
    );
    r.require(
      mfaEncryptionKey !== undefined,
      'MFA_ENCRYPTION_KEY is required when NODE_ENV=production (generated keys are for development only)',
    );
  }

  const config: AppConfig = {
    nodeEnv,
    isProduction,
    host: r.string('HOST', '0.0.0.0'),
    port: r.int('PORT', 8001, 0, 65535),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    dataDir: resolve(cwd, r.string('DATA_DIR', './.data')),
    database,
    redis,
    jwt,
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
    mail,
    sms,
    mfaEncryptionKey,
    http: {
      trustProxy: readTrustProxy(r),
      corsOrigins: (r.raw('CORS_ORIGINS') ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      bodyLimitBytes: BODY_LIMIT_BYTES,
    },
    rateLimits: { enabled: r.bool('RATE_LIMIT_ENABLED', true), ...readRateLimits(r) },
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', 5000, 0, 600_000),
    auditRetentionDays: r.int('AUDIT_RETENTION_DAYS', 365, 1, 36_500),
    metricsToken: r.raw('METRICS_TOKEN'),
  };
  r.assertValid();
  return config;
}

function readJwt(r: EnvReader, isProduction: boolean): AppConfig['jwt'] {
  const algorithm = r.oneOf<JwtAlgorithm>('JWT_ALGORITHM', ['RS256', 'ES256', 'EdDSA', 'HS256'], 'RS256');
  const inline = r.raw('JWT_PRIVATE_KEY');
  const file = r.raw('JWT_PRIVATE_KEY_FILE');
  let privateKey = inline?.replace(/\\n/g, '\n');
  if (inline !== undefined && file !== undefined) {
    r.fail('set only one of JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE', undefined);
  } else if (file !== undefined) {
    try {
      privateKey = readFileSync(file, 'utf8');
    } catch {
      r.fail(`JWT_PRIVATE_KEY_FILE cannot be read (${file})`, undefined);
    }
  }
  const secret = r.raw('JWT_SECRET');
  if (algorithm === 'HS256') {
    r.require(
      !isProduction,
      'JWT_ALGORITHM=HS256 is for development only: use RS256, ES256 or EdDSA when NODE_ENV=production',
    );
    if (secret !== undefined && Buffer.byteLength(secret) < 32) {
      r.fail('JWT_SECRET must be at least 32 bytes', undefined);
    }
  } else if (isProduction) {
    r.require(
      privateKey !== undefined,
      'JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required when NODE_ENV=production (generated keys are for development only)',
    );
  }
  const publicKeysFile = r.raw('JWT_PUBLIC_KEYS_FILE');
  return {
    algorithm,
    privateKey,
    keyId: r.raw('JWT_KEY_ID'),
    publicKeysFile,
    secret,
    issuer: r.string('JWT_ISSUER', 'auth-service'),
    audience: r.string('JWT_AUDIENCE', 'authenticated'),
    accessTokenTtl: r.int('ACCESS_TOKEN_TTL', 900, 30, 86_400),
    refreshTokenTtl: r.int('REFRESH_TOKEN_TTL', 2_592_000, 60, 31_536_000),
    refreshTokenReuseInterval: r.int('REFRESH_TOKEN_REUSE_INTERVAL', 10, 0, 300),
    mfaTokenTtl: r.int('MFA_TOKEN_TTL', 300, 30, 3600),
  };
}

function readMail(r: EnvReader, isProduction: boolean): AppConfig['mail'] {
  const explicit = r.raw('MAIL_PROVIDER');
  const provider = r.oneOf<MailProvider>('MAIL_PROVIDER', ['smtp', 'console'], 'console');
  const smtpUrl = r.url('SMTP_URL', ['smtp', 'smtps']);
  if (isProduction) {
    r.require(explicit !== undefined, 'MAIL_PROVIDER is required when NODE_ENV=production (smtp)');
    r.require(
      explicit === undefined || provider !== 'console',
      'MAIL_PROVIDER=console is refused when NODE_ENV=production: use smtp',
    );
  }
  if (provider === 'smtp') r.require(smtpUrl !== undefined, 'SMTP_URL is required when MAIL_PROVIDER=smtp');
  return { provider, smtpUrl, from: r.string('MAIL_FROM', 'no-reply@localhost') };
}

function readSms(r: EnvReader, isProduction: boolean): AppConfig['sms'] {
  const explicit = r.raw('SMS_PROVIDER');
  const provider = r.oneOf<SmsProvider>('SMS_PROVIDER', ['twilio', 'webhook', 'console'], 'console');
  const sms = {
    provider,
    twilioAccountSid: r.raw('TWILIO_ACCOUNT_SID'),
    twilioAuthToken: r.raw('TWILIO_AUTH_TOKEN'),
    twilioFrom: r.raw('TWILIO_FROM'),
    webhookUrl: r.url('SMS_WEBHOOK_URL', ['http', 'https']),
    webhookSecret: r.raw('SMS_WEBHOOK_SECRET'),
  };
  if (isProduction) {
    r.require(
      explicit !== undefined,
      'SMS_PROVIDER is required when NODE_ENV=production (twilio or webhook)',
    );
    r.require(
      explicit === undefined || provider !== 'console',
      'SMS_PROVIDER=console is refused when NODE_ENV=production: use twilio or webhook',
    );
  }
  if (provider === 'twilio') {
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']) {
      r.require(r.raw(name) !== undefined, `${name} is required when SMS_PROVIDER=twilio`);
    }
  }
  if (provider === 'webhook') {
    r.require(sms.webhookUrl !== undefined, 'SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook');
  }
  return sms;
}

function readTrustProxy(r: EnvReader): TrustProxy {
  const value = r.raw('TRUST_PROXY');
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const cidrs = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const valid = cidrs.every((cidr) => {
    const [address, bits, extra] = cidr.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    const max = family === 4 ? 32 : 128;
    return /^\d+$/.test(bits) && Number(bits) <= max;
  });
  if (!valid || cidrs.length === 0) {
    return r.fail(
      `TRUST_PROXY must be false, a hop count, or a comma list of IP addresses or CIDRs (got "${value}")`,
      false,
    );
  }
  return cidrs;
}
