import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';

const CWD = '/srv/auth';

/** The message of the ConfigError that `env` must cause; always a single line. */
function configError(env: Env): string {
  let thrown: unknown;
  try {
    loadConfig(env, CWD);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const message = (thrown as ConfigError).message;
  expect(message).toMatch(/^Invalid configuration: /);
  expect(message).not.toMatch(/[\r\n\u2028\u2029]/);
  return message;
}

describe('loadConfig', () => {
  it('defaults every variable to the value CONFIG.md documents', () => {
    const config = loadConfig({}, CWD);

    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      host: '0.0.0.0',
      port: 8001,
      logLevel: 'info',
      dataDir: '/srv/auth/.data',
      database: { url: undefined, poolSize: 10, migrateOnStart: true },
      redis: { url: undefined },
      jwt: {
        algorithm: 'RS256',
        privateKey: undefined,
        keyId: undefined,
        publicKeysFile: undefined,
        secret: undefined,
        issuer: 'auth-service',
        audience: 'authenticated',
        accessTokenTtl: 900,
        accessTokenCacheSize: 10_000,
        refreshTokenTtl: 2_592_000,
        refreshTokenReuseInterval: 10,
        mfaTokenTtl: 300,
      },
      passwords: { bcryptCost: 12, minLength: 8, requireEmailVerification: false },
      otp: { length: 6, ttl: 600, maxAttempts: 5, resendInterval: 60, dailyLimitPerDestination: 10 },
      mail: { provider: 'console', smtpUrl: undefined, from: 'no-reply@localhost' },
      sms: {
        provider: 'console',
        twilioAccountSid: undefined,
        twilioAuthToken: undefined,
        twilioFrom: undefined,
        webhookUrl: undefined,
        webhookSecret: undefined,
      },
      mfaEncryptionKey: undefined,
      http: { trustProxy: false, corsOrigins: [], bodyLimitBytes: 16 * 1024 },
      rateLimits: { enabled: true, global: { limit: 300, ttlMs: 60_000 } },
      shutdownDrainMs: 5000,
      auditRetentionDays: 365,
      metricsToken: undefined,
    });
  });

  it('reads every variable it is given', () => {
    const mfaKey = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '9100',
        LOG_LEVEL: 'warn',
        DATA_DIR: 'state',
        DATABASE_URL: 'postgres://auth:pw@db:5432/auth',
        DB_POOL_SIZE: '4',
        DB_MIGRATE_ON_START: 'false',
        REDIS_URL: 'redis://:pw@cache:6379/2',
        JWT_ALGORITHM: 'HS256',
        JWT_SECRET: 's'.repeat(32),
        JWT_KEY_ID: 'key-2026',
        JWT_ISSUER: 'https://auth.example.com',
        JWT_AUDIENCE: 'api',
        ACCESS_TOKEN_TTL: '600',
        ACCESS_TOKEN_CACHE_SIZE: '5000',
        REFRESH_TOKEN_TTL: '86400',
        REFRESH_TOKEN_REUSE_INTERVAL: '5',
        MFA_TOKEN_TTL: '120',
        BCRYPT_COST: '11',
        PASSWORD_MIN_LENGTH: '12',
        REQUIRE_EMAIL_VERIFICATION: 'true',
        OTP_LENGTH: '8',
        OTP_TTL: '300',
        OTP_MAX_ATTEMPTS: '3',
        OTP_RESEND_INTERVAL: '30',
        OTP_DAILY_LIMIT_PER_DESTINATION: '20',
        MAIL_PROVIDER: 'smtp',
        SMTP_URL: 'smtp://user:pass@mailhog:1025',
        MAIL_FROM: 'Example <no-reply@example.com>',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example.com/send',
        SMS_WEBHOOK_SECRET: 'hook-secret',
        MFA_ENCRYPTION_KEY: mfaKey,
        TRUST_PROXY: '1',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:3000',
        RATE_LIMIT_ENABLED: 'false',
        RATE_LIMIT_GLOBAL: '50/10',
        SHUTDOWN_DRAIN_MS: '0',
        AUDIT_RETENTION_DAYS: '90',
        METRICS_TOKEN: 'metrics-token-123',
      },
      CWD,
    );

    expect(config).toMatchObject({
      nodeEnv: 'test',
      host: '127.0.0.1',
      port: 9100,
      logLevel: 'warn',
      dataDir: '/srv/auth/state',
      database: { url: 'postgres://auth:pw@db:5432/auth', poolSize: 4, migrateOnStart: false },
      redis: { url: 'redis://:pw@cache:6379/2' },
      jwt: {
        algorithm: 'HS256',
        secret: 's'.repeat(32),
        keyId: 'key-2026',
        issuer: 'https://auth.example.com',
        audience: 'api',
        accessTokenTtl: 600,
        accessTokenCacheSize: 5_000,
        refreshTokenTtl: 86_400,
        refreshTokenReuseInterval: 5,
        mfaTokenTtl: 120,
      },
      passwords: { bcryptCost: 11, minLength: 12, requireEmailVerification: true },
      otp: { length: 8, ttl: 300, maxAttempts: 3, resendInterval: 30, dailyLimitPerDestination: 20 },
      mail: {
        provider: 'smtp',
        smtpUrl: 'smtp://user:pass@mailhog:1025',
        from: 'Example <no-reply@example.com>',
      },
      sms: { provider: 'webhook', webhookUrl: 'https://sms.example.com/send', webhookSecret: 'hook-secret' },
      mfaEncryptionKey: mfaKey,
      http: { trustProxy: 1, corsOrigins: ['https://app.example.com', 'http://localhost:3000'] },
      rateLimits: { enabled: false, global: { limit: 50, ttlMs: 10_000 } },
      shutdownDrainMs: 0,
      auditRetentionDays: 90,
      metricsToken: 'metrics-token-123',
    });
  });

  it('treats a blank value as unset', () => {
    expect(loadConfig({ PORT: '  ', DATABASE_URL: '' }, CWD)).toMatchObject({
      port: 8001,
      database: { url: undefined },
    });
  });

  it.each([
    ['NODE_ENV', 'prod'],
    ['HOST', 'local host'],
    ['PORT', 'http'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://db/auth'],
    ['DATABASE_URL', 'db.example.com:5432/auth'],
    ['DB_POOL_SIZE', '0'],
    ['DB_MIGRATE_ON_START', 'maybe'],
    ['REDIS_URL', 'http://cache:6379'],
    ['REDIS_URL', 'redis:///0'],
    ['JWT_ALGORITHM', 'none'],
    ['JWT_KEY_ID', 'has space'],
    ['ACCESS_TOKEN_TTL', '10'],
    ['ACCESS_TOKEN_CACHE_SIZE', '-1'],
    ['ACCESS_TOKEN_CACHE_SIZE', 'lots'],
    ['REFRESH_TOKEN_TTL', 'forever'],
    ['REFRESH_TOKEN_REUSE_INTERVAL', '301'],
    ['MFA_TOKEN_TTL', '0'],
    ['BCRYPT_COST', '8'],
    ['PASSWORD_MIN_LENGTH', '6'],
    ['REQUIRE_EMAIL_VERIFICATION', 'sometimes'],
    ['OTP_LENGTH', '4'],
    ['OTP_TTL', '5'],
    ['OTP_MAX_ATTEMPTS', '0'],
    ['OTP_RESEND_INTERVAL', '-5'],
    ['OTP_DAILY_LIMIT_PER_DESTINATION', '0'],
    ['MAIL_PROVIDER', 'sendgrid'],
    ['SMTP_URL', 'http://mail:25'],
    ['MAIL_FROM', 'not an address'],
    ['MAIL_FROM', 'a@example.com\r\nBcc: victim@example.com'],
    ['SMS_PROVIDER', 'pigeon'],
    ['SMS_WEBHOOK_URL', 'ftp://sms.example.com'],
    ['TWILIO_ACCOUNT_SID', 'XY123'],
    ['TWILIO_FROM', '555-1234'],
    ['MFA_ENCRYPTION_KEY', Buffer.alloc(16).toString('base64')],
    ['TRUST_PROXY', 'true'],
    ['CORS_ORIGINS', 'https://app.example.com/'],
    ['RATE_LIMIT_ENABLED', 'perhaps'],
    ['RATE_LIMIT_GLOBAL', '100 per minute'],
    ['SHUTDOWN_DRAIN_MS', '1s'],
    ['AUDIT_RETENTION_DAYS', '0'],
    ['METRICS_TOKEN', 'two words'],
  ])('names %s in one line when it is %j', (name, value) => {
    expect(configError({ [name]: value })).toContain(name);
  });

  it('reports every problem at once, in one line', () => {
    const message = configError({ PORT: 'x', BCRYPT_COST: '4', LOG_LEVEL: 'loud', TRUST_PROXY: 'yes' });

    for (const name of ['PORT', 'BCRYPT_COST', 'LOG_LEVEL', 'TRUST_PROXY']) expect(message).toContain(name);
    expect(message.split('; ')).toHaveLength(4);
  });

  it('keeps a message on one line when a value holds line breaks', () => {
    const message = configError({ PORT: '80\n81', HOST: 'a\u2028b' });

    expect(message).toContain('PORT must be a whole number from 0 to 65535 (got "80\\n81")');
    expect(message).toContain('HOST');
  });

  it('refuses a refresh token that would not outlive its access token', () => {
    expect(configError({ ACCESS_TOKEN_TTL: '3600', REFRESH_TOKEN_TTL: '3600' })).toContain(
      'REFRESH_TOKEN_TTL (3600) must be longer than ACCESS_TOKEN_TTL (3600)',
    );
  });

  it.each([
    ['JWT_SECRET', { JWT_ALGORITHM: 'HS256', JWT_SECRET: 'S3CRET-short' }],
    ['JWT_PRIVATE_KEY', { JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----S3CRET-----END PRIVATE KEY-----' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://auth:S3CRET@db/auth' }],
    ['DATABASE_URL', { DATABASE_URL: 'auth:S3CRET@db/auth' }],
    ['REDIS_URL', { REDIS_URL: 'redis//:S3CRET@cache' }],
    ['SMTP_URL', { SMTP_URL: 'http://user:S3CRET@mail:25' }],
    ['SMS_WEBHOOK_URL', { SMS_WEBHOOK_URL: 'ftp://user:S3CRET@sms' }],
    ['TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: 'S3CRET token' }],
    ['TWILIO_ACCOUNT_SID', { TWILIO_ACCOUNT_SID: 'S3CRET' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'S3CRET token' }],
    ['MFA_ENCRYPTION_KEY', { MFA_ENCRYPTION_KEY: 'S3CRET' }],
  ])('names %s without repeating its secret', (name, env) => {
    const message = configError(env);

    expect(message).toContain(name);
    expect(message).not.toContain('S3CRET');
  });
});
