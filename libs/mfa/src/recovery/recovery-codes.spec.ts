import type { SecretKeys } from '@app/core';
import { newRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT, RecoveryCodes } from './recovery-codes';

describe('recovery codes', () => {
  const keys = { key: () => Buffer.alloc(32, 7) } as unknown as SecretKeys;

  it('shows 80 random bits as four groups of four base32 letters', () => {
    expect(newRecoveryCode(Buffer.alloc(10, 0))).toBe('aaaa-aaaa-aaaa-aaaa');
    expect(newRecoveryCode(Buffer.alloc(10, 0xff))).toBe('7777-7777-7777-7777');
    expect(newRecoveryCode()).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  });

  it('accepts a code in any case, with or without dashes and spaces', () => {
    const canonical = 'K3VQ7XHA2MDPWZ4E';
    for (const typed of [
      'k3vq-7xha-2mdp-wz4e',
      'K3VQ-7XHA-2MDP-WZ4E',
      'k3vq7xha2mdpwz4e',
      ' k3vq 7xha 2mdp wz4e ',
    ]) {
      expect(normalizeRecoveryCode(typed)).toBe(canonical);
    }
  });

  it('refuses what cannot be a recovery code', () => {
    for (const typed of [
      '',
      '123456',
      'k3vq-7xha-2mdp',
      'k3vq-7xha-2mdp-wz4e-aaaa',
      'k3vq-7xha-2mdp-wz41',
      'k3vq_7xha_2mdp_wz4e',
    ]) {
      expect(normalizeRecoveryCode(typed)).toBeUndefined();
    }
  });

  it('issues ten distinct codes with hashes bound to the user', () => {
    const recovery = new RecoveryCodes(keys);
    const { codes, hashes } = recovery.issue('user-1');
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    const first = normalizeRecoveryCode(codes[0]!)!;
    expect(hashes[0]!.equals(recovery.hash('user-1', first))).toBe(true);
    expect(hashes[0]!.equals(recovery.hash('user-2', first))).toBe(false);
    expect(hashes[0]!.toString('utf8')).not.toContain(first);
  });
});
