/** Each delay is moved by up to this share either way, so that receivers coming back are not stampeded. */
const JITTER = 0.1;

/**
 * The delay before the attempt after `attempt` (counted from 1), or undefined when `attempt` was
 * the last one. `random` is a number in [0, 1).
 */
export function delayAfter(attempt: number, delaysMs: readonly number[], random: number): number | undefined {
  const base = delaysMs[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}
