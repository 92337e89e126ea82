import { Logger } from '@nestjs/common';
import { type Admin } from 'kafkajs';
import { type ConsumerMetrics } from './consumer-metrics.js';

/** What the lag monitor needs of a running consumer. */
export interface LagSource {
  readonly groupId: string;
  readonly topics: string[];
  /** Write time of the oldest fetched, uncommitted record per `topic|partition` it holds. */
  pendingSince(): ReadonlyMap<string, number>;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  groupId: string;
  /** Log-end offset minus committed offset (minus the earliest retained one when none is committed). */
  lag: number;
  /** How long the oldest uncommitted record has waited; undefined when no member here holds it. */
  oldestUncommittedMs?: number;
}

/**
 * Reads consumer lag from the broker, not from the consumer's own fetches: the group's
 * committed offsets against each partition's log end. A member that is busy, stuck in
 * a handler or gone entirely still shows its partitions falling behind.
 */
export class ConsumerLagMonitor {
  private readonly logger = new Logger(ConsumerLagMonitor.name);

  constructor(
    private readonly admin: () => Admin,
    private readonly sources: () => readonly LagSource[],
    private readonly metrics: ConsumerMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  /** One reading of every partition of every source; published to the metrics as well. */
  async sample(): Promise<PartitionLag[]> {
    const readings: PartitionLag[] = [];
    for (const source of this.sources()) {
      const admin = this.admin();
      const committed = await admin.fetchOffsets({
        groupId: source.groupId,
        topics: source.topics,
      });
      const pending = source.pendingSince();
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const end of ends) {
          const offset = partitions.find((entry) => entry.partition === end.partition)?.offset;
          const from =
            offset === undefined || Number(offset) < 0 ? Number(end.low) : Number(offset);
          const lag = Math.max(0, Number(end.high) - from);
          const since = pending.get(`${topic}|${end.partition}`);
          const reading: PartitionLag = {
            topic,
            partition: end.partition,
            groupId: source.groupId,
            lag,
            ...(since !== undefined
              ? { oldestUncommittedMs: Math.max(0, this.now() - since) }
              : lag === 0
                ? { oldestUncommittedMs: 0 }
                : {}),
          };
          readings.push(reading);
          this.metrics.lag(topic, end.partition, source.groupId, lag);
          if (reading.oldestUncommittedMs !== undefined)
            this.metrics.oldestUncommitted(
              topic,
              end.partition,
              source.groupId,
              reading.oldestUncommittedMs,
            );
        }
      }
    }
    return readings;
  }

  /** Samples every `intervalMs` until the returned function is called; failures are logged, not thrown. */
  every(intervalMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sample()
        .catch((error: unknown) =>
          this.logger.debug(
            `could not read consumer lag: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
