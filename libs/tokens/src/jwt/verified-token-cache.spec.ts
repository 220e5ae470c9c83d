import { VerifiedTokenCache } from './verified-token-cache';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const inSeconds = (seconds: number) => Math.floor(NOW / 1000) + seconds;

describe('VerifiedTokenCache', () => {
  it('answers a token it keeps, and nothing for one it never saw', () => {
    const cache = new VerifiedTokenCache<{ exp: number; sub: string }>(10);
    const key = cache.keyOf('header.payload.signature');
    cache.set(key, { exp: inSeconds(60), sub: 'a' }, NOW);

    expect(cache.get(cache.keyOf('header.payload.signature'), NOW)).toEqual({ exp: inSeconds(60), sub: 'a' });
    expect(cache.get(cache.keyOf('header.payload.other'), NOW)).toBeUndefined();
  });

  it('keys by a hash of the whole token, so that a token differing in any byte misses', () => {
    const cache = new VerifiedTokenCache<{ exp: number }>(10);
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
    cache.set(cache.keyOf(token), { exp: inSeconds(60) }, NOW);

    expect(cache.keyOf(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cache.keyOf(token)).not.toContain(token.split('.')[1]);
    for (let i = 0; i < token.length; i++) {
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(cache.get(cache.keyOf(flipped), NOW)).toBeUndefined();
    }
    expect(cache.get(cache.keyOf(`${token}x`), NOW)).toBeUndefined();
    expect(cache.get(cache.keyOf(token), NOW)).toBeDefined();
  });

  it('never answers an entry at or past its exp, and forgets it', () => {
    const cache = new VerifiedTokenCache<{ exp: number }>(10);
    const key = cache.keyOf('t');
    cache.set(key, { exp: inSeconds(60) }, NOW);

    expect(cache.get(key, NOW + 59_999)).toBeDefined();
    expect(cache.get(key, NOW + 60_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get(key, NOW)).toBeUndefined();
  });

  it('does not keep claims that have already expired', () => {
    const cache = new VerifiedTokenCache<{ exp: number }>(10);
    cache.set(cache.keyOf('late'), { exp: inSeconds(-1) }, NOW);
    cache.set(cache.keyOf('now'), { exp: inSeconds(0) }, NOW);

    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries, evicting the least recently used', () => {
    const cache = new VerifiedTokenCache<{ exp: number; n: number }>(3);
    const key = (n: number) => cache.keyOf(`token-${n}`);
    for (const n of [1, 2, 3]) cache.set(key(n), { exp: inSeconds(60), n }, NOW);
    cache.get(key(1), NOW);
    cache.set(key(4), { exp: inSeconds(60), n: 4 }, NOW);

    expect(cache.size).toBe(3);
    expect(cache.get(key(2), NOW)).toBeUndefined();
    expect([1, 3, 4].map((n) => cache.get(key(n), NOW)?.n)).toEqual([1, 3, 4]);

    for (let n = 5; n < 1000; n++) cache.set(key(n), { exp: inSeconds(60), n }, NOW);
    expect(cache.size).toBe(3);
  });

  it('keeps nothing with a size of zero', () => {
    const cache = new VerifiedTokenCache<{ exp: number }>(0);
    cache.set(cache.keyOf('t'), { exp: inSeconds(60) }, NOW);

    expect(cache.size).toBe(0);
  });
});
