import { describe, expect, it } from '@jest/globals';
import { retryAfter } from './http-delivery.js';

describe('retryAfter', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(retryAfter('120', now)).toBe(now.getTime() + 120_000);
    expect(retryAfter('Mon, 23 Nov 2026 12:05:00 GMT', now)).toBe(
      Date.parse('2026-11-23T12:05:00Z'),
    );
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
  });
});
