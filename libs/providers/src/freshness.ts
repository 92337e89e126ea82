import { DEFAULT_TOLERANCE_SECONDS } from './settings.js';

/** An epoch timestamp written as plain digits; anything else is undefined. */
export function parseEpoch(value: string): number | undefined {
  return /^\d{1,16}$/.test(value) ? Number(value) : undefined;
}

/**
 * Whether a signed timestamp is close enough to the request's arrival. Checked in both
 * directions: a timestamp far in the future is as suspect as one far in the past.
 */
export function isWithinTolerance(
  signedAtMs: number,
  receivedAt: Date,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  return Math.abs(receivedAt.getTime() - signedAtMs) <= toleranceSeconds * 1000;
}
