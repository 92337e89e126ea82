const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
/** The durations of the configuration in force are parsed on every delivery: parsed once each. */
const parsed = new Map<string, number>();
const MAX_REMEMBERED = 1_000;

/**
 * Parses a duration such as `500ms`, `2s`, `1m`, `2h` or `7d` into milliseconds.
 * Deliberately strict (no spaces, no words), since these come from configuration.
 */
export function parseDuration(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const match = DURATION.exec(text.trim());
  if (!match)
    throw new Error(
      `invalid duration "${text}": expected a number and one of ms, s, m, h, d (e.g. 500ms, 2s, 1m)`,
    );
  const value = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (value <= 0) throw new Error(`invalid duration "${text}": must be greater than zero`);
  const ms = Math.round(value);
  if (parsed.size < MAX_REMEMBERED) parsed.set(text, ms);
  return ms;
}

/** The shortest label for a duration: 60000 → `1m`, 1500 → `1500ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
