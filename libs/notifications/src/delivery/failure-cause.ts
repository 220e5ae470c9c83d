const MAX_MESSAGE_LENGTH = 200;
const MAX_CAUSE_DEPTH = 3;
const EMAIL_LIKE = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:]+/g;
/** Phone numbers and one-time codes: six digits or more (IP octets, ports and status codes are shorter). */
const LONG_NUMBER = /\+?\d{6,}/g;

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  responseCode?: unknown;
  command?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * One line saying why a provider failed, for the server log: the error's name, code, status and
 * SMTP command, and its message with the recipient, the message text, anything that looks like
 * an address and every long number taken out. Providers' messages often quote the recipient
 * ("550 <a@b>: Recipient address rejected", "The 'To' number +1555... is not valid").
 */
export function describeFailure(error: unknown, sensitive: readonly string[]): string {
  const links: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < MAX_CAUSE_DEPTH; depth++) {
    links.push(describeOne(current, sensitive));
    current = typeof current === 'object' ? (current as ErrorFields).cause : undefined;
  }
  return links.join(' <- ');
}

function describeOne(error: unknown, sensitive: readonly string[]): string {
  if (typeof error === 'string' || typeof error === 'number') return redact(String(error), sensitive);
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const { name, code, status, responseCode, command, message } = error as ErrorFields;
  const fields = [
    typeof name === 'string' && name !== 'Error' ? name : undefined,
    // A DOMException's numeric `code` is a legacy constant, not a cause.
    scalar(code) && !(error instanceof DOMException) ? `code=${redact(String(code), sensitive)}` : undefined,
    scalar(status) ? `status=${String(status)}` : undefined,
    scalar(responseCode) ? `response=${String(responseCode)}` : undefined,
    typeof command === 'string' ? `command=${command}` : undefined,
    typeof message === 'string' && message ? JSON.stringify(redact(message, sensitive)) : undefined,
  ];
  return fields.filter(Boolean).join(' ') || 'unknown error';
}

function scalar(value: unknown): value is string | number {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}

/** `text` without any of `sensitive`, email-like tokens or long numbers, and bounded in length. */
export function redact(text: string, sensitive: readonly string[]): string {
  let out = text;
  for (const secret of sensitive) {
    if (secret.trim().length > 0) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(EMAIL_LIKE, '[address]').replace(LONG_NUMBER, '[number]');
  return out.length > MAX_MESSAGE_LENGTH ? `${out.slice(0, MAX_MESSAGE_LENGTH)}...` : out;
}
