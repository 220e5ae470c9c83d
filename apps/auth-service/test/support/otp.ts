import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ReceivedMail, SmtpInbox } from '@app/notifications/testing';

/** The one-time code a message carries. */
export function codeIn(text: string): string {
  const match = /\b(\d{6,10})\b/.exec(text);
  if (!match) throw new Error('no code in the message');
  return match[1]!;
}

export function sendOtp(app: NestFastifyApplication, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/v1/otp/send', payload });
}

export function verifyOtp(app: NestFastifyApplication, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/v1/otp/verify', payload });
}

export function resetPassword(app: NestFastifyApplication, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/v1/password/reset', payload });
}

/** Sends a code by email and returns it as the inbox received it. */
export async function emailedCode(
  app: NestFastifyApplication,
  inbox: SmtpInbox,
  email: string,
  purpose: string,
): Promise<{ code: string; mail: ReceivedMail }> {
  const before = inbox.messages.length;
  const res = await sendOtp(app, { channel: 'email', purpose, email });
  if (res.statusCode !== 202) throw new Error(`otp/send failed: ${res.statusCode} ${res.body}`);
  const mail = await inbox.waitFor(
    (m) => m.envelope.to.includes(email) && inbox.messages.indexOf(m) >= before,
  );
  return { code: codeIn(mail.text ?? ''), mail };
}
