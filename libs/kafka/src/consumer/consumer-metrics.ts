/**
 * Hooks the consumer runtime calls; the observability layer publishes them (Prometheus
 * counters and histograms per topic and consumer group). All calls are synchronous and
 * cheap.
 */
export interface ConsumerMetrics {
  handled(topic: string, groupId: string, latencyMs: number): void;
  failed(topic: string, groupId: string, errorClass: string): void;
  retried(topic: string, groupId: string, tier: string): void;
  deadLettered(topic: string, groupId: string, errorClass: string): void;
  /** Log-end offset minus committed offset, read from the broker. */
  lag(topic: string, partition: number, groupId: string, lag: number): void;
  /** How long the oldest fetched, uncommitted record of the partition has waited. */
  oldestUncommitted(topic: string, partition: number, groupId: string, ageMs: number): void;
}

export const noConsumerMetrics: ConsumerMetrics = {
  handled: () => {},
  failed: () => {},
  retried: () => {},
  deadLettered: () => {},
  lag: () => {},
  oldestUncommitted: () => {},
};

/** Counters kept in memory: what tests read, and what a /metrics endpoint can render. */
export class ConsumerCounters implements ConsumerMetrics {
  readonly counts = new Map<string, number>();
  readonly latenciesMs: number[] = [];
  readonly lags = new Map<string, number>();
  readonly oldestUncommittedMs = new Map<string, number>();

  handled(topic: string, groupId: string, latencyMs: number): void {
    this.bump(`handled|${topic}|${groupId}`);
    if (this.latenciesMs.length < 100_000) this.latenciesMs.push(latencyMs);
  }
  failed(topic: string, groupId: string, errorClass: string): void {
    this.bump(`failed|${topic}|${groupId}|${errorClass}`);
  }
  retried(topic: string, groupId: string, tier: string): void {
    this.bump(`retried|${topic}|${groupId}|${tier}`);
  }
  deadLettered(topic: string, groupId: string, errorClass: string): void {
    this.bump(`dead_lettered|${topic}|${groupId}|${errorClass}`);
  }
  lag(topic: string, partition: number, groupId: string, lag: number): void {
    this.lags.set(`${topic}|${partition}|${groupId}`, lag);
  }
  oldestUncommitted(topic: string, partition: number, groupId: string, ageMs: number): void {
    this.oldestUncommittedMs.set(`${topic}|${partition}|${groupId}`, ageMs);
  }

  /** Sum of every counter whose key starts with `prefix` (e.g. `handled|`). */
  total(prefix: string): number {
    let sum = 0;
    for (const [key, value] of this.counts) if (key.startsWith(prefix)) sum += value;
    return sum;
  }

  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
