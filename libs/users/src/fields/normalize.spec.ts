import { normalizeEmail, normalizePhone } from './normalize';

describe('normalizeEmail', () => {
  it.each([
    ['  Alice@Example.COM ', 'alice@example.com'],
    ['alice@example.com', 'alice@example.com'],
    ['\u00a0alice@example.com\u3000', 'alice@example.com'],
    ['ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'alice@example.com'],
    ['ＡＬＩＣＥ@EXAMPLE.COM', 'alice@example.com'],
    ['ﬁona@example.com', 'fiona@example.com'],
    ['Jose\u0301@Example.com', 'jos\u00e9@example.com'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const raw of [
      '  Alice@Example.COM ',
      'ＡＬＩＣＥ@EXAMPLE.COM',
      'İstanbul@example.com',
      'ΣΑΣ@example.com',
    ]) {
      const once = normalizeEmail(raw);
      expect(normalizeEmail(once)).toBe(once);
    }
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+33612345678', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+1 (415) 555-2671', '+14155552671'],
    [' +49 151 1234 5678 ', '+4915112345678'],
  ])('gives the E.164 form of %j', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each([
    ['a national number', '0612345678'],
    ['a number without its +', '33612345678'],
    ['an invalid number', '+1 555 0100'],
    ['a number with an extension', '+33612345678 ext. 5'],
    ['a number inside text', 'call +33612345678'],
    ['letters', '+1-800-FLOWERS'],
    ['a control character', '+33612345678\n'],
    ['nothing', ''],
  ])('refuses %s', (_label, raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });
});
