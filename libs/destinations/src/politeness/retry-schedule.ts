/**
 * Retry schedules for `RecordContext.useRetrySchedule`, whose n-th delay follows the
 * record's n-th attempt. A record's attempt count includes deferrals (over the rate,
 * circuit open, claim held elsewhere), which must not use up the destination's tiers:
 * the schedule is placed so that the current attempt gets the delay wanted now.
 */

/** After the destination really failed for the (`failuresBefore` + 1)-th time. */
export function scheduleAfterFailure(
  attempt: number,
  failuresBefore: number,
  tiers: readonly string[],
): string[] {
  const filler = tiers[0] ?? '1s';
  return [...Array<string>(Math.max(0, attempt - 1)).fill(filler), ...tiers.slice(failuresBefore)];
}

/** Waits `delayMs` and tries again, without spending a tier. */
export function scheduleForDeferral(attempt: number, delayMs: number): string[] {
  const delay = `${Math.max(1, Math.ceil(delayMs))}ms`;
  return [...Array<string>(Math.max(0, attempt - 1)).fill(delay), delay];
}
