import { ConfigError } from './config.error';
import { EnvReader, shown } from './env-reader';

describe('EnvReader', () => {
  it('trims values and treats blank as unset', () => {
    const reader = new EnvReader({ A: '  value ', B: '   ', C: '' });

    expect([reader.raw('A'), reader.raw('B'), reader.raw('C'), reader.raw('D')]).toEqual([
      'value',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['Yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['NO', false],
    ['off', false],
  ])('reads the boolean %s', (value, expected) => {
    expect(new EnvReader({ FLAG: value }).bool('FLAG', !expected)).toBe(expected);
  });

  it('keeps whole numbers within their bounds', () => {
    const reader = new EnvReader({ LOW: '1', HIGH: '11', FRACTION: '5.5', NUMBER: '007' });

    expect(reader.int('NUMBER', 0, 0, 10)).toBe(7);
    reader.int('LOW', 5, 2, 10);
    reader.int('HIGH', 5, 2, 10);
    reader.int('FRACTION', 5, 2);

    expect(() => reader.assertValid()).toThrow(
      'Invalid configuration: LOW must be a whole number from 2 to 10 (got "1"); ' +
        'HIGH must be a whole number from 2 to 10 (got "11"); FRACTION must be a whole number at least 2 (got "5.5")',
    );
  });

  it.each([
    'postgres://user:pw@db:5432/auth',
    'postgresql://db/auth?sslmode=require',
    'postgres:///auth?host=/var/run/postgresql',
  ])('accepts the Postgres URL %s', (url) => {
    expect(new EnvReader({ URL: url }).url('URL', ['postgres', 'postgresql'])).toBe(url);
  });

  it.each(['postgres:user:pw@db/auth', 'postgres:///auth', 'mysql://db/auth', 'not a url', 'postgres://'])(
    'refuses %j as a Postgres URL without repeating it',
    (url) => {
      const reader = new EnvReader({ URL: url });

      expect(reader.url('URL', ['postgres', 'postgresql'])).toBeUndefined();
      expect(() => reader.assertValid()).toThrow(
        new ConfigError('Invalid configuration: URL must be a postgres:// or postgresql:// URL with a host'),
      );
    },
  );

  it('throws nothing when every value is valid', () => {
    const reader = new EnvReader({ PORT: '80' });
    reader.int('PORT', 8001, 0, 65535);

    expect(() => reader.assertValid()).not.toThrow();
  });

  it('keeps the error on one line whatever the problems say', () => {
    const reader = new EnvReader({});
    reader.fail('first\nproblem', undefined);
    reader.fail('second\r\nproblem', undefined);

    expect(() => reader.assertValid()).toThrow('Invalid configuration: first problem; second problem');
  });

  it('shows values quoted, escaped onto one line and cut when long', () => {
    expect(shown('a\nb\u2028c"')).toBe('"a\\nb\\u2028c\\""');
    expect(shown('x'.repeat(100))).toBe(`"${'x'.repeat(64)}..."`);
  });
});
