import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ScureBase32Plugin } from 'otplib';
import { keyedHash, SecretKeys } from '@app/core';

export const RECOVERY_CODE_COUNT = 10;

/** 80 random bits: 16 base32 characters, shown in four groups of four. */
const RECOVERY_CODE_BYTES = 10;
const RECOVERY_CODE_SHAPE = /^[A-Z2-7]{16}$/;

const base32 = new ScureBase32Plugin();

/** A new code as the user sees it, e.g. `k3vq-7xha-2mdp-wz4e`. */
export function newRecoveryCode(bytes: Buffer = randomBytes(RECOVERY_CODE_BYTES)): string {
  const letters = base32.encode(bytes).toLowerCase();
  return letters.match(/.{4}/g)!.join('-');
}

/**
 * The canonical form of what a user typed (case, dashes and spaces do not matter), or undefined
 * when it cannot be a recovery code at all.
 */
export function normalizeRecoveryCode(input: string): string | undefined {
  const canonical = input.replace(/[\s-]/g, '').toUpperCase();
  return RECOVERY_CODE_SHAPE.test(canonical) ? canonical : undefined;
}

/** Fresh recovery codes and the keyed hashes that alone are stored for them. */
@Injectable()
export class RecoveryCodes {
  private readonly key: Buffer;

  constructor(keys: SecretKeys) {
    this.key = keys.key('mfa-recovery-code');
  }

  /** A new set: the codes to show once, and their hashes to store. */
  issue(userId: string): { codes: string[]; hashes: Buffer[] } {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
    return { codes, hashes: codes.map((code) => this.hash(userId, normalizeRecoveryCode(code)!)) };
  }

  /** The hash of a code in canonical form, bound to its owner. */
  hash(userId: string, canonical: string): Buffer {
    return keyedHash(this.key, userId, canonical);
  }
}
