import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';

const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** A production environment that sets everything production requires. */
function productionEnv(overrides: Env = {}): Env {
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://auth:pw@db:5432/auth',
    REDIS_URL: 'redis://cache:6379',
    MFA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    JWT_PRIVATE_KEY: rsaKey.replace(/\n/g, '\\n'),
    MAIL_PROVIDER: 'smtp',
    SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
    MAIL_FROM: 'no-reply@example.com',
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: 'https://sms.example.com/send',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

function configError(env: Env): string {
  let thrown: unknown;
  try {
    loadConfig(env, '/srv/auth');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  expect((thrown as Error).message).not.toMatch(/[\r\n]/);
  return (thrown as Error).message;
}

describe('loadConfig with NODE_ENV=production', () => {
  it('accepts a complete production environment', () => {
    const config = loadConfig(productionEnv(), '/srv/auth');

    expect(config).toMatchObject({
      isProduction: true,
      mail: { provider: 'smtp' },
      sms: { provider: 'webhook' },
    });
    expect(config.jwt.privateKey).toBe(rsaKey);
  });

  it.each([
    [
      'DATABASE_URL',
      { DATABASE_URL: undefined },
      'DATABASE_URL is required when NODE_ENV=production: set it to',
    ],
    ['REDIS_URL', { REDIS_URL: undefined }, 'REDIS_URL is required when NODE_ENV=production: set it to'],
    [
      'MFA_ENCRYPTION_KEY',
      { MFA_ENCRYPTION_KEY: undefined },
      'MFA_ENCRYPTION_KEY is required when NODE_ENV=production: set it to',
    ],
    [
      'the RS256 signing key',
      { JWT_PRIVATE_KEY: undefined },
      'JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required when NODE_ENV=production: set one to an RSA key',
    ],
    [
      'the ES256 signing key',
      { JWT_PRIVATE_KEY: undefined, JWT_ALGORITHM: 'ES256' },
      'JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required when NODE_ENV=production: set one to an EC P-256 key',
    ],
    [
      'HS256',
      { JWT_PRIVATE_KEY: undefined, JWT_ALGORITHM: 'HS256', JWT_SECRET: 'x'.repeat(48) },
      'JWT_ALGORITHM=HS256 is for development only: set JWT_ALGORITHM to RS256, PS256 or ES256',
    ],
    [
      'a missing MAIL_PROVIDER',
      { MAIL_PROVIDER: undefined },
      'MAIL_PROVIDER is required when NODE_ENV=production: set it to smtp',
    ],
    [
      'MAIL_PROVIDER=console',
      { MAIL_PROVIDER: 'console' },
      'MAIL_PROVIDER=console is refused when NODE_ENV=production: set it to smtp',
    ],
    [
      'a missing SMS_PROVIDER',
      { SMS_PROVIDER: undefined },
      'SMS_PROVIDER is required when NODE_ENV=production: set it to twilio or webhook',
    ],
    [
      'SMS_PROVIDER=console',
      { SMS_PROVIDER: 'console' },
      'SMS_PROVIDER=console is refused when NODE_ENV=production: set it to twilio or webhook',
    ],
  ])('refuses %s with a line saying what to set', (_case, overrides, expected) => {
    const message = configError(productionEnv(overrides));

    expect(message).toContain(expected);
    expect(message.split('; ')).toHaveLength(1);
  });

  it('names every missing requirement when nothing is configured', () => {
    const message = configError({ NODE_ENV: 'production' });

    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'MFA_ENCRYPTION_KEY',
      'JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE',
      'MAIL_PROVIDER',
      'SMS_PROVIDER',
    ]) {
      expect(message).toContain(`${name} is required when NODE_ENV=production: set`);
    }
  });

  it('reports an invalid required value once, as invalid rather than missing', () => {
    const message = configError(
      productionEnv({ DATABASE_URL: 'mysql://db/auth', MAIL_PROVIDER: 'sendgrid' }),
    );

    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(message).toContain('MAIL_PROVIDER must be one of smtp, console');
    expect(message).not.toContain('required');
    expect(message.split('; ')).toHaveLength(2);
  });

  it('leaves development without any of these', () => {
    expect(() => loadConfig({ NODE_ENV: 'development' }, '/srv/auth')).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'test' }, '/srv/auth')).not.toThrow();
  });
});
