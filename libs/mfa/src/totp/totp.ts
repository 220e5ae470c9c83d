import { generate, verify } from 'otplib';

/** RFC 6238 as authenticator apps implement it: HMAC-SHA-1 over 30-second steps counted from 0. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ALGORITHM = 'sha1';
export const TOTP_DIGITS = 6;

/**
 * TOTP codes over otplib, with one step of drift either way. Times are always given by the caller
 * (the service passes its injected clock), never read from the machine. `digits` is a parameter
 * only so that the RFC's 8-digit test vectors run through this very code.
 */
export class Totp {
  constructor(private readonly digits: number = TOTP_DIGITS) {}

  /** The time step (RFC 6238 `T`) that contains `epochSeconds`. */
  static stepAt(epochSeconds: number): number {
    return Math.floor(epochSeconds / TOTP_PERIOD_SECONDS);
  }

  generate(secret: Uint8Array, epochSeconds: number): Promise<string> {
    return generate({
      secret,
      epoch: epochSeconds,
      algorithm: TOTP_ALGORITHM,
      digits: this.digits,
      period: TOTP_PERIOD_SECONDS,
    });
  }

  /**
   * The time step whose code `code` is, looking at the step of `epochSeconds` and its two
   * neighbours; undefined when none matches. Replay is the caller's concern: it must claim the step.
   */
  async matchingStep(secret: Uint8Array, code: string, epochSeconds: number): Promise<number | undefined> {
    if (!new RegExp(`^[0-9]{${this.digits}}$`).test(code)) return undefined;
    // otplib's `verify` answers an object that is always truthy: only `.valid` says yes.
    const result = await verify({
      secret,
      token: code,
      epoch: epochSeconds,
      algorithm: TOTP_ALGORITHM,
      digits: this.digits,
      period: TOTP_PERIOD_SECONDS,
      epochTolerance: TOTP_PERIOD_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }
}
