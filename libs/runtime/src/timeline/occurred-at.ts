/**
 * When a stage's transition happened, by its own clock, but never before what caused it:
 * stages run on different machines whose clocks drift apart, and a timeline read back in
 * `occurred_at` order must still show the cause first. `after` is the upstream's time
 * (the Kafka record's timestamp, set by the producing stage after its own transition).
 */
export function occurredAt(after?: Date | number | string, now = Date.now()): Date {
  const upstream = after === undefined ? Number.NaN : new Date(after).getTime();
  return new Date(Number.isFinite(upstream) ? Math.max(now, upstream + 1) : now);
}
