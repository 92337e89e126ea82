import { InvalidArgumentError } from 'commander';
import { parseDuration } from '@hookline/contracts';

// Option value parsers: a bad value is a usage error (exit 2) naming what was expected.

export function parseLimit(value: string): number {
  const limit = parseWholeNumber(value);
  if (limit < 1 || limit > 200) throw new InvalidArgumentError('expected 1 to 200.');
  return limit;
}

export function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

/** Kafka offsets stay strings: they can exceed what a JavaScript number holds exactly. */
export function parseOffset(value: string): string {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError('expected an offset (0 or more).');
  return value.trim();
}

/** Records per second: a whole number, at least 1 (what the API accepts). */
export function parseRate(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new InvalidArgumentError('expected records per second, a whole number from 1.');
  return Number(value);
}

/**
 * A point in time: ISO 8601 (`2026-03-01T12:00:00Z`, `2026-03-01`) or a duration ago
 * (`90m`, `2h`, `7d`). Sent to the API as ISO 8601.
 */
export function parseTime(value: string, now: () => number = Date.now): string {
  const text = value.trim();
  if (/^\d+(?:\.\d+)?(ms|s|m|h|d)$/.test(text)) {
    return new Date(now() - parseDuration(text)).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text).toISOString();
  }
  throw new InvalidArgumentError(
    'expected ISO 8601 (2026-03-01T12:00:00Z) or a duration ago (2h).',
  );
}

/** For repeatable options: `--id a --id b` → ['a', 'b']. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
