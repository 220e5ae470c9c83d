import type { AppConfig, MailProvider, SmsProvider } from './app-config';
import { EnvReader, shown } from './env-reader';

const EMAIL_ADDRESS =
  /^[^\s@<>()",;:\\[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;
/** `address` or `Display Name <address>` (the name optionally quoted). */
const MAILBOX = /^(?:(?:"[^"]*"\s*|[^"<>]*)<([^<>\s]+)>|([^<>\s]+))$/;

/** A production deployment names its providers; `console` only logs the message. */
function readProvider<T extends string>(
  r: EnvReader,
  name: string,
  choices: readonly T[],
  isProduction: boolean,
): T {
  const explicit = r.raw(name);
  const provider = r.oneOf<T>(name, choices, 'console' as T);
  const real = choices.filter((c) => c !== 'console').join(' or ');
  if (isProduction && explicit === undefined) {
    r.fail(`${name} is required when NODE_ENV=production: set it to ${real}`, undefined);
  } else if (isProduction && explicit === 'console') {
    r.fail(`${name}=console is refused when NODE_ENV=production: set it to ${real}`, undefined);
  }
  return provider;
}

export function readMail(r: EnvReader, isProduction: boolean): AppConfig['mail'] {
  const provider = readProvider<MailProvider>(r, 'MAIL_PROVIDER', ['smtp', 'console'], isProduction);
  const smtpUrl = r.url('SMTP_URL', ['smtp', 'smtps']);
  if (provider === 'smtp') {
    r.require(r.raw('SMTP_URL') !== undefined, 'SMTP_URL is required when MAIL_PROVIDER=smtp');
  }
  return { provider, smtpUrl, from: readMailFrom(r) };
}

/** The sender: one mailbox on one line, so that it can never add a header of its own. */
function readMailFrom(r: EnvReader): string {
  const fallback = 'no-reply@localhost';
  const value = r.raw('MAIL_FROM');
  if (value === undefined) return fallback;
  const match = /\p{Cc}/u.test(value) ? null : MAILBOX.exec(value);
  const address = match?.[1] ?? match?.[2];
  if (address === undefined || !EMAIL_ADDRESS.test(address)) {
    return r.fail(
      `MAIL_FROM must be one email address, optionally with a name as in "Example <no-reply@example.com>" (got ${shown(value)})`,
      fallback,
    );
  }
  return value;
}

export function readSms(r: EnvReader, isProduction: boolean): AppConfig['sms'] {
  const provider = readProvider<SmsProvider>(
    r,
    'SMS_PROVIDER',
    ['twilio', 'webhook', 'console'],
    isProduction,
  );
  const sms = {
    provider,
    twilioAccountSid: r.raw('TWILIO_ACCOUNT_SID'),
    twilioAuthToken: r.raw('TWILIO_AUTH_TOKEN'),
    twilioFrom: r.raw('TWILIO_FROM'),
    webhookUrl: r.url('SMS_WEBHOOK_URL', ['http', 'https']),
    webhookSecret: r.raw('SMS_WEBHOOK_SECRET'),
  };
  checkTwilio(r, sms, provider === 'twilio');
  if (provider === 'webhook') {
    r.require(
      r.raw('SMS_WEBHOOK_URL') !== undefined,
      'SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook',
    );
  }
  return sms;
}

/** Format checks whenever a value is set; presence only when Twilio is the provider. */
function checkTwilio(r: EnvReader, sms: AppConfig['sms'], required: boolean): void {
  const { twilioAccountSid: sid, twilioAuthToken: token, twilioFrom: from } = sms;
  if (required) {
    r.require(sid !== undefined, 'TWILIO_ACCOUNT_SID is required when SMS_PROVIDER=twilio');
    r.require(token !== undefined, 'TWILIO_AUTH_TOKEN is required when SMS_PROVIDER=twilio');
    r.require(from !== undefined, 'TWILIO_FROM is required when SMS_PROVIDER=twilio');
  }
  if (sid !== undefined && !/^AC[0-9a-z]+$/i.test(sid)) {
    r.fail('TWILIO_ACCOUNT_SID must be an account SID (AC followed by letters and digits)', undefined);
  }
  if (token !== undefined && /\s/.test(token)) {
    r.fail('TWILIO_AUTH_TOKEN must not contain spaces', undefined);
  }
  const isSender =
    from === undefined ||
    /^\+[1-9]\d{6,14}$/.test(from) ||
    /^MG[0-9a-f]{32}$/i.test(from) ||
    /^(?=.*[a-z])[a-z0-9 ]{1,11}$/i.test(from);
  if (!isSender) {
    r.fail(
      `TWILIO_FROM must be an E.164 number (+15005550006), a messaging service SID (MG...) or an alphanumeric sender ID of up to 11 characters (got ${shown(from)})`,
      undefined,
    );
  }
}
