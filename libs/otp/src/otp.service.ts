import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { AppConfig, Clock, RateLimitedException, RedisService, ServiceUnavailableException } from '@app/core';
import { OneTimeCodesRepository } from './one-time-codes.repository';
import { OtpCodes } from './otp-codes';
import { OtpDelivery } from './otp-delivery';
import { InvalidOtpException, OtpAttemptsExceededException } from './otp.errors';
import { CODES_SENT, VERIFICATIONS } from './otp.metrics';
import type { ConsumedOtp, OtpConsumeRequest, OtpSendRequest, OtpSent } from './otp.types';
import { DAY_MS, secondsUntilNextCode } from './send-limits';

export type OnConsumed<T> = (em: EntityManager, code: ConsumedOtp) => Promise<T>;

/** A check's result, returned from its transaction so that a wrong try's count commits before the throw. */
type CheckOutcome<T> =
  { result: 'success'; value: T | undefined } | { result: 'invalid' } | { result: 'attempts_exceeded' };

/**
 * Issues one-time codes and checks them. Issuing is one transaction under the destination's lock
 * that ends with the delivery, so a failed delivery leaves nothing behind; checking is one
 * transaction with the code's row locked, so wrong tries are counted exactly, across instances.
 */
@Injectable()
export class OtpService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly redis: RedisService,
    private readonly repository: OneTimeCodesRepository,
    private readonly codes: OtpCodes,
    private readonly delivery: OtpDelivery,
    @InjectMetric(CODES_SENT) private readonly sent: Counter<string>,
    @InjectMetric(VERIFICATIONS) private readonly verifications: Counter<string>,
  ) {}

  /**
   * Issues a code and delivers it, or, when no account holds the address, stores it and waits as
   * long as a delivery takes, so that the answer does not tell whether the address is known.
   */
  async send({ purpose, destination, userId }: OtpSendRequest): Promise<OtpSent> {
    // Without Redis the per-IP limits count per instance, so they no longer bound what is sent.
    if (this.redis.configured && !this.redis.isReady()) {
      throw new ServiceUnavailableException('Codes cannot be sent right now; retry shortly.');
    }
    const otp = this.config.otp;
    const destinationHash = this.codes.destinationHash(destination);
    const code = this.codes.generate();
    await this.repository.transaction(async (em) => {
      const locked = await this.repository.tryLockDestination(em, destinationHash);
      if (!locked) throw new RateLimitedException(otp.resendInterval);
      const now = this.clock.now();
      const since = new Date(now.getTime() - DAY_MS);
      const issued = await this.repository.issuedSince(
        em,
        destinationHash,
        since,
        otp.dailyLimitPerDestination,
      );
      const wait = secondsUntilNextCode(issued, now, otp);
      if (wait > 0) throw new RateLimitedException(wait);
      await this.repository.replaceOpen(em, {
        userId,
        purpose,
        channel: destination.channel,
        destinationHash,
        codeHash: this.codes.codeHash(purpose, destination, code),
        maxAttempts: otp.maxAttempts,
        now,
        expiresAt: new Date(now.getTime() + otp.ttl * 1000),
      });
      if (userId === null) await this.delivery.imitate(destination.channel);
      else await this.delivery.deliver(purpose, destination, code);
    });
    if (userId !== null) this.sent.inc({ channel: destination.channel, purpose });
    return { expiresIn: otp.ttl };
  }

  /**
   * Consumes the open code of this purpose and destination when `code` is right, then runs
   * `onConsumed` in the same transaction: if it throws, the code stays unconsumed. A wrong code
   * counts one try, and that count is committed before `InvalidOtpException` is thrown.
   */
  consume(request: OtpConsumeRequest): Promise<void>;
  consume<T>(request: OtpConsumeRequest, onConsumed: OnConsumed<T>): Promise<T>;
  async consume<T>(request: OtpConsumeRequest, onConsumed?: OnConsumed<T>): Promise<T | void> {
    const { purpose, destination } = request;
    const destinationHash = this.codes.destinationHash(destination);
    const presented = this.codes.codeHash(purpose, destination, request.code);
    const outcome = await this.repository.transaction(async (em): Promise<CheckOutcome<T>> => {
      const row = await this.repository.lockOpen(em, purpose, destination.channel, destinationHash);
      const now = this.clock.now();
      if (!row || row.expiresAt <= now) return { result: 'invalid' };
      if (row.attempts >= row.maxAttempts) return { result: 'attempts_exceeded' };
      if (!this.codes.matches(row.codeHash, presented)) {
        await this.repository.countWrongTry(em, row.id);
        return { result: 'invalid' };
      }
      await this.repository.markConsumed(em, row.id, now);
      const value = onConsumed ? await onConsumed(em, { userId: row.userId }) : undefined;
      return { result: 'success', value };
    });
    this.verifications.inc({ channel: destination.channel, result: outcome.result });
    if (outcome.result === 'invalid') throw new InvalidOtpException();
    if (outcome.result === 'attempts_exceeded') throw new OtpAttemptsExceededException();
    return outcome.value;
  }
}
