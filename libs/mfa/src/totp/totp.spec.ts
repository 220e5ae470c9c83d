import { Totp } from './totp';

/** The 20-byte ASCII seed of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1). */
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');

describe('Totp', () => {
  describe('RFC 6238 Appendix B (SHA-1, 8 digits)', () => {
    const totp = new Totp(8);
    const rows: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];

    it.each(rows)('at %i s generates %s', async (time, code) => {
      expect(await totp.generate(RFC_SECRET, time)).toBe(code);
    });

    it.each(rows)('at %i s accepts %s in its own step', async (time, code) => {
      expect(await totp.matchingStep(RFC_SECRET, code, time)).toBe(Totp.stepAt(time));
    });
  });

  describe('RFC 4226 Appendix D (HOTP, 6 digits): TOTP at step c is HOTP with counter c', () => {
    const totp = new Totp();
    const values = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];

    it.each(values.map((code, counter) => [counter, code] as const))(
      'counter %i gives %s',
      async (counter, code) => {
        expect(await totp.generate(RFC_SECRET, counter * 30)).toBe(code);
        expect(await totp.matchingStep(RFC_SECRET, code, counter * 30 + 29)).toBe(counter);
      },
    );
  });

  describe('the drift window', () => {
    const totp = new Totp();
    const now = 1_700_000_015;
    const step = Totp.stepAt(now);

    it('accepts the previous, current and next step and names the step matched', async () => {
      for (const offset of [-1, 0, 1]) {
        const code = await totp.generate(RFC_SECRET, (step + offset) * 30);
        expect(await totp.matchingStep(RFC_SECRET, code, now)).toBe(step + offset);
      }
    });

    it('refuses codes two steps away on either side', async () => {
      for (const offset of [-2, 2]) {
        const code = await totp.generate(RFC_SECRET, (step + offset) * 30);
        expect(await totp.matchingStep(RFC_SECRET, code, now)).toBeUndefined();
      }
    });

    it('refuses anything that is not exactly six digits', async () => {
      const code = await totp.generate(RFC_SECRET, now);
      for (const malformed of ['', code.slice(1), `${code}0`, ` ${code}`, 'abcdef', '12 456']) {
        expect(await totp.matchingStep(RFC_SECRET, malformed, now)).toBeUndefined();
      }
    });
  });
});
