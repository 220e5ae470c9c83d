/** The nearest-rank percentile `p` (0-100) of `values`, which it sorts; 0 for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * values.length);
  return values[Math.min(values.length, Math.max(1, rank)) - 1]!;
}
