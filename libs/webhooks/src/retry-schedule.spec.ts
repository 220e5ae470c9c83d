import { WEBHOOK_RETRY_DELAYS_MS } from '@app/core';
import { delayAfter } from './retry-schedule';

describe('the retry schedule', () => {
  it('follows the contract: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => delayAfter(attempt, WEBHOOK_RETRY_DELAYS_MS, 0.5));

    expect(delays).toEqual([5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('gives up after the eighth attempt', () => {
    expect(delayAfter(8, WEBHOOK_RETRY_DELAYS_MS, 0.5)).toBeUndefined();
  });

  it('moves each delay by at most a tenth either way', () => {
    expect(delayAfter(1, WEBHOOK_RETRY_DELAYS_MS, 0)).toBe(4500);
    expect(delayAfter(1, WEBHOOK_RETRY_DELAYS_MS, 0.999999)).toBe(5500);
  });
});
