import { randomBytes } from 'node:crypto';
import { open, seal, SecretCipherError } from './secret-cipher';

describe('secret cipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const secret = randomBytes(20);

  it('opens what it sealed, and lays it out as iv || tag || ciphertext', () => {
    const sealed = seal(key, secret, 'user-1');
    expect(sealed).toHaveLength(12 + 16 + 20);
    expect(sealed.includes(secret)).toBe(false);
    expect(open(key, sealed, 'user-1').equals(secret)).toBe(true);
  });

  it('uses a fresh IV for every seal', () => {
    const a = seal(key, secret, 'user-1');
    const b = seal(key, secret, 'user-1');
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('refuses another key', () => {
    const sealed = seal(key, secret, 'user-1');
    expect(() => open(randomBytes(32), sealed, 'user-1')).toThrow(SecretCipherError);
  });

  it('refuses another owner', () => {
    const sealed = seal(key, secret, 'user-1');
    expect(() => open(key, sealed, 'user-2')).toThrow(SecretCipherError);
  });

  it.each([
    ['the IV', 0],
    ['the tag', 12],
    ['the ciphertext', 28],
    ['the last byte', 47],
  ])('refuses a change to %s', (_part, index) => {
    const sealed = seal(key, secret, 'user-1');
    sealed[index] = sealed[index]! ^ 0x01;
    expect(() => open(key, sealed, 'user-1')).toThrow(SecretCipherError);
  });

  it('refuses a truncated value', () => {
    const sealed = seal(key, secret, 'user-1');
    expect(() => open(key, sealed.subarray(0, 27), 'user-1')).toThrow(SecretCipherError);
    expect(() => open(key, sealed.subarray(0, 40), 'user-1')).toThrow(SecretCipherError);
  });
});
