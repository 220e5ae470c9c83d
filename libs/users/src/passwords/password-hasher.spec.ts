import * as bcrypt from 'bcrypt';
import { loadConfig, ServiceUnavailableException } from '@app/core';
import { HASHING_THREADS, MAX_WAITING, PasswordHasher } from './password-hasher';

function hasherWithCost(cost: number): PasswordHasher {
  return new PasswordHasher(loadConfig({ NODE_ENV: 'test', BCRYPT_COST: String(cost) }));
}

describe('PasswordHasher', () => {
  const hasher = hasherWithCost(10);

  it('verifies the password it hashed and refuses another one', async () => {
    const stored = await hasher.hash('tangerine-orbit-47');
    expect(stored).toMatch(/^\$2b\$10\$/);
    await expect(hasher.verify('tangerine-orbit-47', stored)).resolves.toBe(true);
    await expect(hasher.verify('tangerine-orbit-48', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('tells apart two passwords that share their first 72 bytes', async () => {
    const prefix = 'a'.repeat(72);
    // Plain bcrypt cannot: it never reads past byte 72.
    await expect(bcrypt.compare(`${prefix}Y`, await bcrypt.hash(`${prefix}X`, 4))).resolves.toBe(true);

    const stored = await hasher.hash(`${prefix}X`);
    await expect(hasher.verify(`${prefix}X`, stored)).resolves.toBe(true);
    await expect(hasher.verify(`${prefix}Y`, stored)).resolves.toBe(false);
    await expect(hasher.verify(prefix, stored)).resolves.toBe(false);
  });

  it('hashes a 256-character password of multibyte characters, every character counting', async () => {
    const password = 'ü漢🔑'.repeat(85) + 'x';
    expect([...password]).toHaveLength(256);
    expect(Buffer.byteLength(password)).toBeGreaterThan(700);

    const stored = await hasher.hash(password);
    await expect(hasher.verify(password, stored)).resolves.toBe(true);
    await expect(hasher.verify(password.slice(0, -1) + 'y', stored)).resolves.toBe(false);
    await expect(hasher.verify('ü漢🔑'.repeat(85), stored)).resolves.toBe(false);
  });

  it('treats canonically equivalent spellings of a password as the same password', async () => {
    const stored = await hasher.hash('caf\u00e9-au-lait-42');
    await expect(hasher.verify('cafe\u0301-au-lait-42', stored)).resolves.toBe(true);
  });

  it('answers false for a stored value that is not a bcrypt hash', async () => {
    await expect(hasher.verify('anything-at-all', 'not-a-hash')).resolves.toBe(false);
  });

  it('runs a dummy comparison that never succeeds, before and after start-up', async () => {
    const fresh = hasherWithCost(10);
    await expect(fresh.verifyAgainstDummy('whatever-password')).resolves.toBe(false);
    await fresh.onModuleInit();
    await expect(fresh.verifyAgainstDummy('whatever-password')).resolves.toBe(false);
  });

  it('asks for a rehash when the cost differs from the configured one', async () => {
    const stored = await hasher.hash('tangerine-orbit-47');
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(hasherWithCost(11).needsRehash(stored)).toBe(true);
    expect(hasher.needsRehash(await bcrypt.hash('x', 4))).toBe(true);
    expect(hasher.needsRehash('not-a-hash')).toBe(true);
  });

  it('answers 503 with Retry-After at once when every hashing place is taken, and says so beforehand', async () => {
    const stored = await hasher.hash('tangerine-orbit-47');
    const places = HASHING_THREADS + MAX_WAITING;
    const calls = Array.from({ length: places + 2 }, () =>
      hasher.verify('tangerine-orbit-47', stored).then(
        (valid) => ({ valid }),
        (error: unknown) => ({ error }),
      ),
    );
    expect(() => hasher.refuseIfBusy()).toThrow(ServiceUnavailableException);
    const outcomes = await Promise.all(calls);

    expect(outcomes.filter((o) => 'valid' in o && o.valid)).toHaveLength(places);
    const refused = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect(error).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect((error as ServiceUnavailableException).options.headers).toEqual({ 'Retry-After': '1' });
    }
    expect(() => hasher.refuseIfBusy()).not.toThrow();
    await expect(hasher.verify('tangerine-orbit-47', stored)).resolves.toBe(true);
  });
});
