import { configErrorOf as configError } from '../testing/config-error';
import { loadConfig } from './load-config';

const KEY_A = 'a'.repeat(24) + 'Zx9-._~+';
const KEY_B = 'B7'.repeat(20);

describe('ADMIN_API_KEYS', () => {
  it('is off when unset or blank', () => {
    expect(loadConfig({}).admin.apiKeys).toEqual([]);
    expect(loadConfig({ ADMIN_API_KEYS: '  ' }).admin.apiKeys).toEqual([]);
  });

  it('reads a comma list of name:key, spaces and blank entries dropped', () => {
    expect(
      loadConfig({ ADMIN_API_KEYS: ` ops:${KEY_A} ,, back-office.v2 : ${KEY_B}` }).admin.apiKeys,
    ).toEqual([
      { name: 'ops', key: KEY_A },
      { name: 'back-office.v2', key: KEY_B },
    ]);
  });

  it('keeps everything after the first colon as the key', () => {
    expect(() => loadConfig({ ADMIN_API_KEYS: `ops:${KEY_A}:more` })).toThrow(
      'ADMIN_API_KEYS key "ops" must use only letters, digits and -._~+/',
    );
  });

  it.each([
    [KEY_A, 'ADMIN_API_KEYS must be a comma list of name:key (entry 1 has no name)'],
    [`:${KEY_A}`, 'ADMIN_API_KEYS entry 1 needs a name of 1 to 64 letters'],
    [`ops:${KEY_A},bad name:${KEY_B}`, 'ADMIN_API_KEYS entry 2 needs a name'],
    [`${'n'.repeat(65)}:${KEY_A}`, 'ADMIN_API_KEYS entry 1 needs a name'],
    [`ops:${'k'.repeat(31)}`, 'ADMIN_API_KEYS key "ops" must be at least 32 characters'],
    [`ops:${'k'.repeat(31)}!`, 'ADMIN_API_KEYS key "ops" must use only letters, digits and -._~+/'],
    [`ops:${KEY_A},ops:${KEY_B}`, 'ADMIN_API_KEYS names must be unique ("ops" appears more than once)'],
    [`ops:${KEY_A},ci:${KEY_A}`, 'ADMIN_API_KEYS must give each name its own key (two names share one)'],
  ])('refuses %j in one line that never repeats a key', (value, message) => {
    const error = configError({ ADMIN_API_KEYS: value });

    expect(error).toContain(message);
    expect(error).not.toMatch(/[\r\n]/);
    for (const key of [KEY_A, KEY_B, 'k'.repeat(31)]) expect(error).not.toContain(key);
  });

  it('reads RATE_LIMIT_ADMIN, a limit per key', () => {
    expect(loadConfig({}).rateLimits.admin).toEqual({ limit: 600, ttlMs: 60_000 });
    expect(loadConfig({ RATE_LIMIT_ADMIN: '50/10' }).rateLimits.admin).toEqual({ limit: 50, ttlMs: 10_000 });
    expect(configError({ RATE_LIMIT_ADMIN: '50' })).toContain('RATE_LIMIT_ADMIN must be <count>/<seconds>');
  });
});
