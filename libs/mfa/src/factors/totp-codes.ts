import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { ClientInfo, Clock } from '@app/core';
import { InvalidMfaCodeException } from '../mfa.errors';
import { Totp } from '../totp/totp';
import { TotpSecrets } from '../totp/totp-secrets';
import { FactorStatus, MfaFactor } from './mfa-factor.entity';
import { MfaFactorsRepository } from './mfa-factors.repository';

/** What a code was asked for, as `mfa.failed` events record it. */
export type FactorAction = 'activate' | 'regenerate_recovery_codes' | 'disable';

/**
 * Checks TOTP codes against a factor at the service's time and spends their time step, so that a
 * code, or any code of an earlier step, is accepted once at most.
 */
@Injectable()
export class TotpCodes {
  private readonly totp = new Totp();

  constructor(
    private readonly factors: MfaFactorsRepository,
    private readonly secrets: TotpSecrets,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Whether `code` is a fresh code of the factor; accepting it spends its step in `em`'s transaction. */
  async accept(em: EntityManager, factor: MfaFactor, code: string): Promise<boolean> {
    const secret = this.secrets.open(factor.userId, factor.secretCiphertext);
    const step = await this.totp.matchingStep(secret, code, this.clock.epochSeconds());
    if (step === undefined) return false;
    if (factor.lastUsedStep !== null && step <= factor.lastUsedStep) return false;
    return this.factors.claimStep(em, factor.id, step);
  }

  /**
   * Runs `work` in one transaction with the user's factor in `status` locked, once `code` has been
   * accepted for it; otherwise records `mfa.failed` and answers 400 `invalid_mfa_code`. When `work`
   * throws, the code's step is not spent.
   */
  async withCurrentCode<T>(
    userId: string,
    status: FactorStatus,
    code: string,
    context: { action: FactorAction; client: ClientInfo },
    work: (em: EntityManager, factor: MfaFactor) => Promise<T>,
  ): Promise<T> {
    const outcome = await this.factors.transaction(async (em) => {
      const factor = await this.factors.lockByStatus(em, userId, status);
      if (!factor || !(await this.accept(em, factor, code))) return { accepted: false as const };
      return { accepted: true as const, value: await work(em, factor) };
    });
    if (outcome.accepted) return outcome.value;
    await this.audit.record('mfa.failed', {
      userId,
      client: context.client,
      metadata: { action: context.action, method: 'totp', reason: 'invalid_code' },
    });
    throw new InvalidMfaCodeException(HttpStatus.BAD_REQUEST);
  }
}
