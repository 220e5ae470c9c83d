import { Injectable } from '@nestjs/common';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { AppConfig, keyedHash, SecretKeys } from '@app/core';
import type { OtpDestination, OtpPurpose } from './otp.types';

/** A uniform integer in [0, max), from a CSPRNG in the service. */
export type DrawInteger = (max: number) => number;

/** `length` uniformly random decimal digits: leading zeros are kept, so every string is as likely. */
export function randomDigits(length: number, draw: DrawInteger = randomInt): string {
  return String(draw(10 ** length)).padStart(length, '0');
}

/**
 * Codes and the keyed hashes that stand for them in the database. A code's hash is bound to its
 * purpose, channel and address, so a code issued for one of them is worth nothing for another;
 * the destination's hash lets the cooldown and the daily cap count without storing the address.
 */
@Injectable()
export class OtpCodes {
  private readonly codeKey: Buffer;
  private readonly destinationKey: Buffer;

  constructor(
    private readonly config: AppConfig,
    keys: SecretKeys,
  ) {
    this.codeKey = keys.key('otp-code');
    this.destinationKey = keys.key('otp-destination');
  }

  generate(): string {
    return randomDigits(this.config.otp.length);
  }

  codeHash(purpose: OtpPurpose, destination: OtpDestination, code: string): Buffer {
    return keyedHash(this.codeKey, purpose, destination.channel, destination.address, code);
  }

  destinationHash(destination: OtpDestination): Buffer {
    const { channel, address, holder } = destination;
    return holder === undefined
      ? keyedHash(this.destinationKey, channel, address)
      : keyedHash(this.destinationKey, channel, address, holder);
  }

  /** Whether a presented code's hash is the stored one, in time independent of where they differ. */
  matches(stored: Buffer, presented: Buffer): boolean {
    return stored.length === presented.length && timingSafeEqual(stored, presented);
  }
}
