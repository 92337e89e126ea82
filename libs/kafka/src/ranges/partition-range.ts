import { randomUUID } from 'node:crypto';
import { type Admin, type Kafka } from 'kafkajs';
import { headerText } from '../standard-headers.js';

/** Offsets `fromOffset`..`toOffset` (both inclusive) of one partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  fromOffset: string;
  toOffset: string;
}

/** One record read back from a topic, bytes and headers as written. */
export interface RangeRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export class RangeReadError extends Error {
  override readonly name = 'RangeReadError';
}

/**
 * Clamps a range to what the partition still holds (retention may have removed its
 * start; its end may not be written yet). `undefined` when nothing of it is left.
 */
export async function clampRange(
  admin: Admin,
  range: PartitionRange,
): Promise<PartitionRange | undefined> {
  const offsets = await admin.fetchTopicOffsets(range.topic);
  const held = offsets.find((candidate) => candidate.partition === range.partition);
  if (!held) throw new RangeReadError(`${range.topic} has no partition ${range.partition}`);
  const from = max(BigInt(range.fromOffset), BigInt(held.low));
  const to = min(BigInt(range.toOffset), BigInt(held.high) - 1n);
  return from > to ? undefined : { ...range, fromOffset: String(from), toOffset: String(to) };
}

/**
 * The offsets where a time window starts and ends on each partition (Kafka's
 * ListOffsets by timestamp): records with `from <= timestamp < to`.
 */
export async function rangesForTimes(
  admin: Admin,
  topic: string,
  from: Date,
  to: Date,
  partition?: number,
): Promise<PartitionRange[]> {
  const [starts, ends] = await Promise.all([
    admin.fetchTopicOffsetsByTimestamp(topic, from.getTime()),
    admin.fetchTopicOffsetsByTimestamp(topic, to.getTime()),
  ]);
  return starts
    .filter((start) => partition === undefined || start.partition === partition)
    .map((start) => {
      const end = ends.find((candidate) => candidate.partition === start.partition);
      return {
        topic,
        partition: start.partition,
        fromOffset: start.offset,
        toOffset: String(BigInt(end?.offset ?? start.offset) - 1n),
      };
    })
    .filter((range) => BigInt(range.fromOffset) <= BigInt(range.toOffset));
}

/**
 * Reads one partition's records from `fromOffset` through `toOffset` (clamp the range
 * first): a consumer of a throw-away group seeks there, commits nothing, and leaves
 * when it has read the last offset (the group is deleted afterwards).
 */
export async function readPartitionRange(
  client: Kafka,
  admin: Admin,
  range: PartitionRange,
  options: { timeoutMs: number },
): Promise<RangeRecord[]> {
  const from = BigInt(range.fromOffset);
  const to = BigInt(range.toOffset);
  const groupId = `hookline-range-reader-${randomUUID()}`;
  const consumer = client.consumer({ groupId, maxWaitTimeInMs: 250, retry: { retries: 5 } });
  const records: RangeRecord[] = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [range.topic] });
    const partitions = (await admin.fetchTopicOffsets(range.topic)).map((p) => p.partition);
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== range.partition) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < from) continue;
          if (offset > to) return finish();
          const headers: Record<string, string> = {};
          for (const name of Object.keys(message.headers ?? {}))
            headers[name] = headerText(message.headers, name) ?? '';
          records.push({
            topic: range.topic,
            partition: range.partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: message.key,
            value: message.value,
            headers,
          });
          if (offset === to) return finish();
        }
        // The range's last offset may hold no record (a transaction marker, say).
        if (batch.messages.length > 0 && BigInt(batch.lastOffset()) >= to) finish();
      },
    });
    consumer.pause(
      [{ topic: range.topic, partitions: partitions.filter((p) => p !== range.partition) }].filter(
        (entry) => entry.partitions.length > 0,
      ),
    );
    consumer.seek({ topic: range.topic, partition: range.partition, offset: range.fromOffset });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    const outcome = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      throw new RangeReadError(
        `${range.topic}[${range.partition}] ${range.fromOffset}..${range.toOffset}: read ${records.length} records in ${options.timeoutMs} ms, not the whole range`,
      );
    return records;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
