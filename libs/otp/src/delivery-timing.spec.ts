import { DEFAULT_DELIVERY_MS, DeliveryTiming, JITTER_FRACTION, TIMING_WINDOW } from './delivery-timing';

describe('DeliveryTiming', () => {
  it('assumes DEFAULT_DELIVERY_MS before any delivery was measured', () => {
    expect(new DeliveryTiming().average('email')).toBe(DEFAULT_DELIVERY_MS);
  });

  it('averages the recent deliveries of each channel apart', () => {
    const timing = new DeliveryTiming();
    timing.record('sms', 300);
    timing.record('sms', 500);
    timing.record('email', 20);
    expect(timing.average('sms')).toBe(400);
    expect(timing.average('email')).toBe(20);
  });

  it('forgets deliveries older than the last TIMING_WINDOW', () => {
    const timing = new DeliveryTiming();
    timing.record('email', 10_000);
    for (let i = 0; i < TIMING_WINDOW; i++) timing.record('email', 100);
    expect(timing.average('email')).toBe(100);
  });

  it('varies the estimate a little around the average', () => {
    const timing = new DeliveryTiming();
    timing.record('email', 200);
    const estimates = new Set(Array.from({ length: 200 }, () => timing.estimate('email')));
    const spread = 200 * JITTER_FRACTION;
    for (const estimate of estimates) {
      expect(estimate).toBeGreaterThanOrEqual(200 - spread);
      expect(estimate).toBeLessThanOrEqual(200 + spread);
    }
    expect(estimates.size).toBeGreaterThan(1);
  });
});
