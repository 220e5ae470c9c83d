import type { AppConfig } from '@app/core';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The per-destination guards against SMS pumping, whatever the purpose: one code per
 * OTP_RESEND_INTERVAL, and OTP_DAILY_LIMIT_PER_DESTINATION codes in any 24 hours.
 * `issued` holds the creation times of the destination's codes of the last 24 hours, newest
 * first (at least the daily limit of them when there are that many). Returns how many seconds
 * to wait before the next code, or 0 when one may be issued now.
 */
export function secondsUntilNextCode(issued: Date[], now: Date, otp: AppConfig['otp']): number {
  const waits: number[] = [0];
  const newest = issued[0];
  if (newest) waits.push(newest.getTime() + otp.resendInterval * 1000 - now.getTime());
  // When the limit-th newest code leaves the window, fewer than the limit remain in it.
  const leavingLast = issued[otp.dailyLimitPerDestination - 1];
  if (leavingLast) waits.push(leavingLast.getTime() + DAY_MS - now.getTime());
  return Math.max(0, Math.ceil(Math.max(...waits) / 1000));
}
