import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@app/core';
import { MailSender, SmsSender } from '@app/notifications';
import { DeliveryTiming } from './delivery-timing';
import { composeOtpMail, composeOtpSms } from './otp-message';
import type { OtpChannel, OtpDestination, OtpPurpose } from './otp.types';

/** Hands a code to the mail or SMS provider, and stands in for a delivery when there is no one to deliver to. */
@Injectable()
export class OtpDelivery {
  constructor(
    private readonly config: AppConfig,
    private readonly mail: MailSender,
    private readonly sms: SmsSender,
    private readonly timing: DeliveryTiming,
  ) {}

  /** Throws whatever the provider throws (`DeliveryFailedException` for a failure or a timeout). */
  async deliver(purpose: OtpPurpose, destination: OtpDestination, code: string): Promise<void> {
    const input = { purpose, code, ttlSeconds: this.config.otp.ttl };
    const started = performance.now();
    if (destination.channel === 'email') {
      await this.mail.send(composeOtpMail(destination.address, input));
    } else {
      await this.sms.send(composeOtpSms(destination.address, input));
    }
    this.timing.record(destination.channel, performance.now() - started);
  }

  /** Waits about as long as a delivery on this channel takes. */
  async imitate(channel: OtpChannel): Promise<void> {
    await sleep(this.timing.estimate(channel));
  }
}
