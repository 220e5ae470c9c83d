import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { OtpChannel } from './otp.types';

/** What a delivery is assumed to take before any has been measured. */
export const DEFAULT_DELIVERY_MS = 50;
/** How many recent deliveries per channel the estimate averages. */
export const TIMING_WINDOW = 20;
/** The estimate varies by up to this fraction either way, as real deliveries do. */
export const JITTER_FRACTION = 0.1;

/**
 * How long a real delivery takes, per channel: the mean of the recent successful ones. A request
 * for an address no account holds waits about as long, so that its timing does not tell it apart.
 */
@Injectable()
export class DeliveryTiming {
  private readonly samples = new Map<OtpChannel, number[]>();

  record(channel: OtpChannel, milliseconds: number): void {
    const recent = this.samples.get(channel) ?? [];
    recent.push(milliseconds);
    if (recent.length > TIMING_WINDOW) recent.shift();
    this.samples.set(channel, recent);
  }

  /** The mean of the recent deliveries on this channel, without jitter. */
  average(channel: OtpChannel): number {
    const recent = this.samples.get(channel);
    if (!recent || recent.length === 0) return DEFAULT_DELIVERY_MS;
    return recent.reduce((sum, value) => sum + value, 0) / recent.length;
  }

  /** A wait to stand in for one delivery: the average, give or take JITTER_FRACTION. */
  estimate(channel: OtpChannel): number {
    const average = this.average(channel);
    const spread = Math.max(1, Math.round(average * JITTER_FRACTION));
    return Math.max(0, Math.round(average) + randomInt(-spread, spread + 1));
  }
}
