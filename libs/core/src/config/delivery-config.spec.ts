import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';

const TWILIO = {
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'f'.repeat(32),
  TWILIO_FROM: '+15005550006',
};

function configError(env: Env): string {
  let thrown: unknown;
  try {
    loadConfig(env, '/srv/auth');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as Error).message;
}

describe('mail and SMS provider settings', () => {
  it('needs SMTP_URL for the smtp provider', () => {
    expect(configError({ MAIL_PROVIDER: 'smtp' })).toContain('SMTP_URL is required when MAIL_PROVIDER=smtp');
    expect(loadConfig({ MAIL_PROVIDER: 'smtp', SMTP_URL: 'smtp://mailhog:1025' }).mail).toEqual({
      provider: 'smtp',
      smtpUrl: 'smtp://mailhog:1025',
      from: 'no-reply@localhost',
    });
  });

  it('reports a malformed SMTP_URL as malformed, not as missing', () => {
    const message = configError({ MAIL_PROVIDER: 'smtp', SMTP_URL: 'mailhog:1025' });

    expect(message).toContain('SMTP_URL must be a smtp:// or smtps:// URL with a host');
    expect(message).not.toContain('required');
  });

  it.each(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'])(
    'needs %s for the twilio provider',
    (name) => {
      expect(configError({ ...TWILIO, [name]: undefined })).toContain(
        `${name} is required when SMS_PROVIDER=twilio`,
      );
    },
  );

  it('accepts a complete Twilio configuration', () => {
    expect(loadConfig(TWILIO).sms).toMatchObject({
      provider: 'twilio',
      twilioAccountSid: TWILIO.TWILIO_ACCOUNT_SID,
      twilioAuthToken: TWILIO.TWILIO_AUTH_TOKEN,
      twilioFrom: '+15005550006',
    });
  });

  it.each(['+15005550006', `MG${'a'.repeat(32)}`, 'AuthService'])('accepts TWILIO_FROM %s', (from) => {
    expect(loadConfig({ ...TWILIO, TWILIO_FROM: from }).sms.twilioFrom).toBe(from);
  });

  it.each(['15005550006', '+0123456789', 'A sender name that is long', '12345'])(
    'refuses TWILIO_FROM %j',
    (from) => {
      expect(configError({ ...TWILIO, TWILIO_FROM: from })).toContain('TWILIO_FROM must be');
    },
  );

  it('needs SMS_WEBHOOK_URL for the webhook provider, the secret being optional', () => {
    expect(configError({ SMS_PROVIDER: 'webhook' })).toContain(
      'SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook',
    );
    expect(
      loadConfig({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'http://sms-gateway:8080/send' }).sms,
    ).toMatchObject({
      provider: 'webhook',
      webhookUrl: 'http://sms-gateway:8080/send',
      webhookSecret: undefined,
    });
  });

  it.each([
    'no-reply@example.com',
    'Example <no-reply@example.com>',
    '"Example, Inc." <no-reply@mail.example.com>',
  ])('accepts MAIL_FROM %s', (from) => {
    expect(loadConfig({ MAIL_FROM: from }).mail.from).toBe(from);
  });

  it.each([
    'no-reply',
    'no-reply@',
    'two@example.com, three@example.com',
    'Example <no-reply@example.com',
    'no-reply@example.com\nBcc: victim@example.com',
    'Example\r <no-reply@example.com>',
    'no-reply@exa mple.com',
  ])('refuses MAIL_FROM %j', (from) => {
    const message = configError({ MAIL_FROM: from });

    expect(message).toContain('MAIL_FROM must be one email address');
    expect(message).not.toMatch(/[\r\n]/);
  });
});
