import { AppConfig, keyedHash, SecretKeys } from '@app/core';
import { OtpCodes, randomDigits } from './otp-codes';

describe('randomDigits', () => {
  it('gives exactly `length` decimal digits', () => {
    for (const length of [6, 8, 10]) {
      for (let i = 0; i < 200; i++) expect(randomDigits(length)).toMatch(new RegExp(`^\\d{${length}}$`));
    }
  });

  it('draws one uniform integer below 10^length and keeps its leading zeros', () => {
    const draw = jest.fn().mockReturnValueOnce(42).mockReturnValueOnce(0).mockReturnValueOnce(999_999);
    expect([randomDigits(6, draw), randomDigits(6, draw), randomDigits(6, draw)]).toEqual([
      '000042',
      '000000',
      '999999',
    ]);
    expect(draw).toHaveBeenCalledWith(1_000_000);
  });

  it('puts every digit in every position', () => {
    const seen = Array.from({ length: 6 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      [...randomDigits(6)].forEach((digit, position) => seen[position]!.add(digit));
    }
    for (const digits of seen) expect(digits.size).toBe(10);
  });
});

describe('OtpCodes', () => {
  const key = (purpose: string) => Buffer.alloc(32, purpose.length);
  const codes = new OtpCodes({ otp: { length: 8 } } as AppConfig, { key } as unknown as SecretKeys);
  const email = { channel: 'email', address: 'a@example.test' } as const;

  it('generates codes of OTP_LENGTH digits', () => {
    expect(codes.generate()).toMatch(/^\d{8}$/);
  });

  it('binds the code hash to purpose, channel, address and code, under the otp-code key', () => {
    const hash = codes.codeHash('login', email, '12345678');
    expect(hash).toEqual(keyedHash(key('otp-code'), 'login', 'email', 'a@example.test', '12345678'));
    expect(codes.codeHash('verify', email, '12345678')).not.toEqual(hash);
    expect(codes.codeHash('login', { channel: 'sms', address: 'a@example.test' }, '12345678')).not.toEqual(
      hash,
    );
    expect(codes.codeHash('login', { ...email, address: 'b@example.test' }, '12345678')).not.toEqual(hash);
  });

  it('hashes the destination under a key of its own', () => {
    expect(codes.destinationHash(email)).toEqual(
      keyedHash(key('otp-destination'), 'email', 'a@example.test'),
    );
  });

  it('matches equal hashes only, whatever the lengths', () => {
    const hash = codes.codeHash('login', email, '12345678');
    expect(codes.matches(hash, Buffer.from(hash))).toBe(true);
    expect(codes.matches(hash, codes.codeHash('login', email, '12345679'))).toBe(false);
    expect(codes.matches(hash, hash.subarray(0, 16))).toBe(false);
  });
});
