import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The one form an address is stored and compared in: trimmed, NFKC-normalised (so full-width
 * and compatibility variants fold onto their plain letters) and lower-cased. Two inputs that
 * normalise alike are the same account.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase();
}

/** Separators people type inside international numbers; anything else is refused. */
const INTERNATIONAL_NUMBER = /^\+[0-9 ().-]{6,30}$/;

/**
 * The E.164 form of an international number (`+` and country code required), or undefined
 * when it is not a valid, dialable number. Extensions are refused: a code cannot be texted
 * to one.
 */
export function normalizePhone(raw: string): string | undefined {
  const trimmed = raw.replace(/^ +| +$/g, '');
  if (!INTERNATIONAL_NUMBER.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, { extract: false });
  if (!parsed || parsed.ext || !parsed.isValid()) return undefined;
  return parsed.number;
}
