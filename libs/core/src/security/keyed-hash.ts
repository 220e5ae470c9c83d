import { createHash, createHmac } from 'node:crypto';

/** HMAC-SHA-256 of the parts, length-prefixed so that no two part lists collide. */
export function keyedHash(key: Buffer, ...parts: string[]): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hmac.update(length).update(bytes);
  }
  return hmac.digest();
}

/** SHA-256 of a high-entropy token (refresh tokens, MFA tokens): no key needed. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
