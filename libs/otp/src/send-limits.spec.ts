import type { AppConfig } from '@app/core';
import { DAY_MS, secondsUntilNextCode } from './send-limits';

describe('secondsUntilNextCode', () => {
  const otp = { resendInterval: 60, dailyLimitPerDestination: 3 } as AppConfig['otp'];
  const now = new Date('2030-01-02T00:00:00Z');
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it('allows the first code', () => {
    expect(secondsUntilNextCode([], now, otp)).toBe(0);
  });

  it('waits out the resend interval after the newest code, rounding up', () => {
    expect(secondsUntilNextCode([ago(20)], now, otp)).toBe(40);
    expect(secondsUntilNextCode([new Date(now.getTime() - 59_500)], now, otp)).toBe(1);
    expect(secondsUntilNextCode([ago(60)], now, otp)).toBe(0);
  });

  it('waits until the limit-th newest code of the day leaves the 24-hour window', () => {
    expect(secondsUntilNextCode([ago(600), ago(1200), ago(3600)], now, otp)).toBe(DAY_MS / 1000 - 3600);
    expect(secondsUntilNextCode([ago(600), ago(1200)], now, otp)).toBe(0);
  });

  it('gives the longer wait when both limits apply', () => {
    expect(secondsUntilNextCode([ago(10), ago(20), ago(86_399)], now, otp)).toBe(50);
    expect(secondsUntilNextCode([ago(10), ago(20), ago(30)], now, otp)).toBe(86_370);
  });
});
