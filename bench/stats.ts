/**
 * The statistics and wording every benchmark prints its figures with, so that "median" and
 * "p95" mean the same in each line of `npm run bench`.
 */

/** Nearest-rank quantile: the p95 of 200 values is the 190th smallest. NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The middle value, or the mean of the two middle ones. NaN for no values. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Milliseconds as printed: whole from 100 up, one decimal below. */
export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Bytes as megabytes, two decimals. */
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Whether a figure met its target, as every benchmark line says it: met, or MISSED. */
export const verdict = (ok: boolean): 'met' | 'MISSED' => (ok ? 'met' : 'MISSED');
