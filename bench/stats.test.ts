import { describe, expect, it } from 'vitest';
import { median, quantile, verdict } from './stats';

describe('benchmark statistics', () => {
  it('takes the nearest-rank quantile: p95 of 1..200 is 190, p50 of 1..4 is 2', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(quantile(values, 0.95)).toBe(190);
    expect(quantile([4, 3, 2, 1], 0.5)).toBe(2);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('takes the median as the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('says met or MISSED', () => {
    expect(verdict(true)).toBe('met');
    expect(verdict(false)).toBe('MISSED');
  });
});
