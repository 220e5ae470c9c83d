import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: states, nonces, browser bindings, tickets and our codes. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The form `randomSecret` produces, so that anything else is refused before a lookup. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7636 S256: base64url(SHA-256(verifier)). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
