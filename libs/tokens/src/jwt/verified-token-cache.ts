import { hash } from 'node:crypto';

/** What a cached verification keeps: at least the token's expiry (epoch seconds). */
export interface Expiring {
  exp: number;
}

/**
 * The claims of tokens whose signature and claims have been verified, so that a token presented
 * again (a gateway asks about every request) is not verified again. Entries are keyed by the
 * SHA-256 of the whole token: the token itself is never kept, and a token that differs in any byte,
 * its signature included, has another key and goes through full verification. An entry is served
 * only while its `exp` is in the future. The least recently used entry is evicted beyond
 * `maxEntries`, which bounds the memory whatever the number of tokens presented.
 */
export class VerifiedTokenCache<T extends Expiring> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  keyOf(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  /** The cached claims of the token with this key, unless missing or expired at `nowMs`. */
  get(key: string, nowMs: number): T | undefined {
    const claims = this.entries.get(key);
    if (claims === undefined) return undefined;
    this.entries.delete(key);
    if (claims.exp * 1000 <= nowMs) return undefined;
    // Map iteration follows insertion order: re-inserting makes this the most recently used.
    this.entries.set(key, claims);
    return claims;
  }

  /** Keeps verified claims until their `exp`; claims already expired at `nowMs` are not kept. */
  set(key: string, claims: T, nowMs: number): void {
    if (this.maxEntries <= 0 || claims.exp * 1000 <= nowMs) return;
    this.entries.delete(key);
    this.entries.set(key, claims);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
