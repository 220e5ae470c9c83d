import type { MailMessage, SmsMessage } from '@app/notifications';
import type { OtpPurpose } from './otp.types';

interface PurposeWording {
  subject: string;
  /** "<code> is your <name> code." */
  name: string;
  use: string;
}

const WORDING: Record<OtpPurpose, PurposeWording> = {
  verify: {
    subject: 'Your verification code',
    name: 'verification',
    use: 'Use it to confirm this address.',
  },
  login: { subject: 'Your sign-in code', name: 'sign-in', use: 'Use it to sign in.' },
  password_reset: {
    subject: 'Your password reset code',
    name: 'password reset',
    use: 'Use it to choose a new password.',
  },
  email_change: {
    subject: 'Confirm your new email address',
    name: 'email change',
    use: 'Use it to make this the email address of your account.',
  },
  phone_change: {
    subject: 'Confirm your new phone number',
    name: 'phone change',
    use: 'Use it to make this the phone number of your account.',
  },
};

const IGNORE = 'If you did not ask for this, ignore this message.';

export interface OtpMessageInput {
  purpose: OtpPurpose;
  code: string;
  /** OTP_TTL, in seconds. */
  ttlSeconds: number;
}

/** The lifetime as people read it; rounded down, so a message never promises more than the code lives. */
export function lifetimeText(ttlSeconds: number): string {
  if (ttlSeconds < 60) return plural(ttlSeconds, 'second');
  return plural(Math.floor(ttlSeconds / 60), 'minute');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function composeOtpSms(to: string, input: OtpMessageInput): SmsMessage {
  const { name } = WORDING[input.purpose];
  return { to, body: `${input.code} is your ${name} code. It expires in ${lifetimeText(input.ttlSeconds)}.` };
}

/**
 * The email: plain text and an HTML twin with inline styles only. Nothing in it is fetched from
 * elsewhere (no images, fonts, stylesheets or links), so it renders the same offline and tracks no one.
 */
export function composeOtpMail(to: string, input: OtpMessageInput): MailMessage {
  const wording = WORDING[input.purpose];
  const expiry = `It expires in ${lifetimeText(input.ttlSeconds)}.`;
  const text = [`${wording.subject} is ${input.code}.`, `${wording.use} ${expiry}`, IGNORE, ''].join('\n\n');
  return { to, subject: wording.subject, text, html: renderHtml(wording, input.code, expiry) };
}

const PARAGRAPH = 'margin:0 0 16px;font-size:16px;line-height:24px;';

function renderHtml(wording: PurposeWording, code: string, expiry: string): string {
  const e = escapeHtml;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>' + e(wording.subject) + '</title></head>',
    '<body style="margin:0;padding:24px;background-color:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b;">',
    '<div style="max-width:480px;margin:0 auto;padding:32px;background-color:#ffffff;border-radius:8px;">',
    `<p style="${PARAGRAPH}">${e(wording.subject)}:</p>`,
    `<p style="margin:0 0 24px;font-family:'Courier New',Courier,monospace;font-size:32px;font-weight:bold;letter-spacing:6px;">${e(code)}</p>`,
    `<p style="${PARAGRAPH}">${e(wording.use)} ${e(expiry)}</p>`,
    `<p style="margin:0;font-size:13px;line-height:20px;color:#71717a;">${e(IGNORE)}</p>`,
    '</div>',
    '</body></html>',
    '',
  ].join('\n');
}
