import { APP_METADATA_MAX_BYTES, appMetadataProblem } from './app-metadata';

/** An object whose compact JSON is exactly `bytes` long. */
function objectOfSize(bytes: number): Record<string, string> {
  const overhead = JSON.stringify({ k: '' }).length;
  return { k: 'x'.repeat(bytes - overhead) };
}

describe('app_metadata rule', () => {
  it('accepts JSON objects up to 4 KiB', () => {
    expect(appMetadataProblem({})).toBeUndefined();
    expect(
      appMetadataProblem({ roles: ['editor', 'billing'], plan: 'team', seats: 5, beta: true, x: null }),
    ).toBeUndefined();
    expect(JSON.stringify(objectOfSize(APP_METADATA_MAX_BYTES)).length).toBe(APP_METADATA_MAX_BYTES);
    expect(appMetadataProblem(objectOfSize(APP_METADATA_MAX_BYTES))).toBeUndefined();
  });

  it('refuses one byte more, counting UTF-8 bytes rather than characters', () => {
    expect(appMetadataProblem(objectOfSize(APP_METADATA_MAX_BYTES + 1))).toBe(
      'app_metadata must be at most 4096 bytes of JSON',
    );
    const accents = { k: 'é'.repeat(2100) };
    expect(JSON.stringify(accents).length).toBeLessThan(APP_METADATA_MAX_BYTES);
    expect(appMetadataProblem(accents)).toBe('app_metadata must be at most 4096 bytes of JSON');
  });

  it.each([null, [], ['a'], 'roles', 42, true])('refuses %j: not an object', (value) => {
    expect(appMetadataProblem(value)).toBe('app_metadata must be a JSON object');
  });

  it('refuses what Postgres jsonb cannot store', () => {
    expect(appMetadataProblem({ k: 'a\u0000b' })).toMatch(/NUL characters/);
    expect(appMetadataProblem({ 'a\u0000': 1 })).toMatch(/NUL characters/);
    expect(appMetadataProblem({ k: ['\ud800'] })).toMatch(/invalid Unicode/);
  });

  it('refuses nesting deeper than 16 levels', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 16; i++) deep = { d: deep };
    expect(appMetadataProblem(deep)).toBe('app_metadata must be at most 16 levels deep');
    expect(appMetadataProblem(deep.d as Record<string, unknown>)).toBeUndefined();
  });
});
