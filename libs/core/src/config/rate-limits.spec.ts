import { EnvReader } from './env-reader';
import { RATE_LIMIT_DEFAULTS, rateLimitKey, rateLimitVariable, readRateLimits } from './rate-limits';

describe('readRateLimits', () => {
  it('names one variable per limit', () => {
    expect(rateLimitVariable('global')).toBe('RATE_LIMIT_GLOBAL');
  });

  it('uses the defaults when nothing is set', () => {
    const reader = new EnvReader({});

    const limits = readRateLimits(reader);

    for (const [name, { limit, ttlMs }] of Object.entries(RATE_LIMIT_DEFAULTS)) {
      expect(limits[name as keyof typeof limits]).toEqual({ limit, ttlMs });
    }
    expect(() => reader.assertValid()).not.toThrow();
  });

  it('counts by client IP unless the limit names another key', () => {
    expect(rateLimitKey('global')).toBe('ip');
    expect(rateLimitKey('login_ip')).toBe('ip');
    expect(rateLimitKey('login_account')).toBe('email');
    expect(rateLimitKey('otp_verify_destination')).toBe('otp_destination');
    expect(rateLimitKey('refresh_session')).toBe('session');
  });

  it.each([
    ['5/60', { limit: 5, ttlMs: 60_000 }],
    [' 1000 / 1 ', { limit: 1000, ttlMs: 1000 }],
    ['1/86400', { limit: 1, ttlMs: 86_400_000 }],
  ])('reads RATE_LIMIT_GLOBAL=%j as a count per window', (value, expected) => {
    const reader = new EnvReader({ RATE_LIMIT_GLOBAL: value });

    expect(readRateLimits(reader).global).toEqual(expected);
    expect(() => reader.assertValid()).not.toThrow();
  });

  it.each(['0/60', '5/0', '5', '/60', 'abc', '5/60/1', '-1/60', '2.5/60', '5/1m', '9999999999/60'])(
    'refuses RATE_LIMIT_GLOBAL=%j, keeping the default',
    (value) => {
      const reader = new EnvReader({ RATE_LIMIT_GLOBAL: value });

      expect(readRateLimits(reader).global).toEqual(RATE_LIMIT_DEFAULTS.global);
      expect(() => reader.assertValid()).toThrow(
        /RATE_LIMIT_GLOBAL must be <count>\/<seconds>, both whole numbers of at least 1 \(got ".*"\)$/,
      );
    },
  );
});
