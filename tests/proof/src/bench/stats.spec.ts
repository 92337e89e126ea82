import { describe, expect, it } from '@jest/globals';
import { percentile } from './stats.js';

describe('percentile (nearest rank)', () => {
  it('picks the value at the rank, whatever the input order', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 99.9)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
