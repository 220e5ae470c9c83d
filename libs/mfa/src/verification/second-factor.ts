import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import { MfaFactorsRepository } from '../factors/mfa-factors.repository';
import { TotpCodes } from '../factors/totp-codes';
import type { MfaMethod } from '../mfa.metrics';
import { normalizeRecoveryCode, RecoveryCodes } from '../recovery/recovery-codes';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';

/** The `amr` value of each way to answer the second step. */
export type SecondFactorMethod = Exclude<MfaMethod, 'unknown'>;

/** Which kind of answer a code is, by its shape alone. */
export function methodOf(code: string): MfaMethod {
  if (/^[0-9]{6}$/.test(code)) return 'totp';
  return normalizeRecoveryCode(code) === undefined ? 'unknown' : 'recovery_code';
}

/** Checks the answer to a sign-in's second step: a TOTP code of the active factor or a recovery code. */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly clock: Clock,
    private readonly factors: MfaFactorsRepository,
    private readonly totpCodes: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly recoveryCodes: RecoveryCodesRepository,
  ) {}

  /** How `code` proved the factor, or undefined; the code is spent in `em`'s transaction. */
  async accept(em: EntityManager, userId: string, code: string): Promise<SecondFactorMethod | undefined> {
    switch (methodOf(code)) {
      case 'totp': {
        const factor = await this.factors.findByStatus(userId, 'active', em);
        return factor && (await this.totpCodes.accept(em, factor, code)) ? 'totp' : undefined;
      }
      case 'recovery_code': {
        const hash = this.recovery.hash(userId, normalizeRecoveryCode(code)!);
        return (await this.recoveryCodes.use(em, userId, hash, this.clock.now()))
          ? 'recovery_code'
          : undefined;
      }
      default:
        return undefined;
    }
  }
}
