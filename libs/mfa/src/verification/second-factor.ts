import { Injectable } from '@nestjs/common';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { EntityManager } from 'typeorm';
import { ClientInfo, Clock } from '@app/core';
import { MfaFactorsRepository } from '../factors/mfa-factors.repository';
import { TotpCodes } from '../factors/totp-codes';
import type { MfaMethod } from '../mfa.metrics';
import { PasskeyAssertions } from '../passkeys/passkey-assertions';
import { normalizeRecoveryCode, RecoveryCodes } from '../recovery/recovery-codes';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';

/** The `amr` value of each way to answer the second step. */
export type SecondFactorMethod = Exclude<MfaMethod, 'unknown'>;

/** A code (TOTP or recovery), or a passkey assertion made for the step's own challenge. */
export type SecondFactorAnswer =
  { code: string } | { challengeId: string; credential: AuthenticationResponseJSON };

/** Which kind of answer it is, by its shape alone. */
export function methodOf(answer: SecondFactorAnswer): MfaMethod {
  if (!('code' in answer)) return 'webauthn';
  if (/^[0-9]{6}$/.test(answer.code)) return 'totp';
  return normalizeRecoveryCode(answer.code) === undefined ? 'unknown' : 'recovery_code';
}

/**
 * Checks the answer to a sign-in's second step: a TOTP code of the active factor, a recovery code,
 * or an assertion of one of the user's passkeys.
 */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly clock: Clock,
    private readonly factors: MfaFactorsRepository,
    private readonly totpCodes: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly passkeys: PasskeyAssertions,
  ) {}

  /** How the answer proved the factor, or undefined; it is spent in `em`'s transaction. */
  async accept(
    em: EntityManager,
    step: { userId: string; mfaChallengeId: string },
    answer: SecondFactorAnswer,
    client: ClientInfo,
  ): Promise<SecondFactorMethod | undefined> {
    if (!('code' in answer)) {
      const accepted = await this.passkeys.acceptSecondFactor(
        em,
        step.userId,
        step.mfaChallengeId,
        answer,
        client,
      );
      return accepted ? 'webauthn' : undefined;
    }
    const { code } = answer;
    switch (methodOf(answer)) {
      case 'totp': {
        const factor = await this.factors.findByStatus(step.userId, 'active', em);
        return factor && (await this.totpCodes.accept(em, factor, code)) ? 'totp' : undefined;
      }
      case 'recovery_code': {
        const hash = this.recovery.hash(step.userId, normalizeRecoveryCode(code)!);
        return (await this.recoveryCodes.use(em, step.userId, hash, this.clock.now()))
          ? 'recovery_code'
          : undefined;
      }
      default:
        return undefined;
    }
  }
}
