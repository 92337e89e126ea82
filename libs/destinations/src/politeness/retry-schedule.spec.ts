import { describe, expect, it } from '@jest/globals';
import { scheduleAfterFailure, scheduleForDeferral } from './retry-schedule.js';

describe('retry schedules', () => {
  const tiers = ['1s', '5s', '30s'];

  it('gives the n-th real failure the n-th tier, whatever the attempt count', () => {
    // First attempt, first failure: the first tier.
    expect(scheduleAfterFailure(1, 0, tiers)[0]).toBe('1s');
    // Fourth attempt (two deferrals before), second failure: the second tier.
    expect(scheduleAfterFailure(4, 1, tiers)[3]).toBe('5s');
    // Third real failure: the last tier; a fourth: none left (dead letter).
    expect(scheduleAfterFailure(3, 2, tiers)[2]).toBe('30s');
    expect(scheduleAfterFailure(5, 3, tiers)[4]).toBeUndefined();
  });

  it('defers by the wanted delay at the current attempt', () => {
    expect(scheduleForDeferral(1, 250)).toEqual(['250ms']);
    expect(scheduleForDeferral(3, 0.2)[2]).toBe('1ms');
    expect(scheduleForDeferral(3, 1200)).toHaveLength(3);
  });
});
