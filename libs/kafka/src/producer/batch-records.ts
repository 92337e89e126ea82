import kafkajs, {
  type ICustomPartitioner,
  type Message,
  type RecordMetadata,
  type TopicMessages,
} from 'kafkajs';

const { Partitioners } = kafkajs;

/** A record forwarded byte-exact (retry tiers, dead letters); `topic` is the full name. */
export interface RawRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string>;
}

/** One caller's record waiting in the producer's buffer. */
export interface BufferedRecord {
  topic: string;
  message: Message;
  /** Approximate uncompressed size, for the batch byte limit. */
  bytes: number;
  resolve(metadata: RecordMetadata): void;
  reject(error: unknown): void;
}

/** Per-record overhead on the wire (lengths, attributes, deltas), roughly. */
const RECORD_OVERHEAD_BYTES = 24;

export function estimateBytes(message: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) bytes += Buffer.byteLength(name) + byteLength(item);
  }
  return bytes;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** Groups a batch by topic, keeping each topic's records in the order they were sent. */
export function groupByTopic(batch: readonly BufferedRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const record of batch) {
    const messages = byTopic.get(record.topic);
    if (messages) messages.push(record.message);
    else byTopic.set(record.topic, [record.message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * kafkajs's default (Java-compatible, murmur2) partitioner, noting which partition each
 * message went to. kafkajs answers a batch with one base offset per topic-partition; knowing
 * the partition lets each caller get its own record's offset.
 */
export function trackingPartitioner(assigned: WeakMap<Message, number>): ICustomPartitioner {
  return () => {
    const choose = Partitioners.DefaultPartitioner();
    return (args) => {
      const partition = choose(args);
      assigned.set(args.message, partition);
      return partition;
    };
  };
}

/**
 * Resolves each caller with its own record's metadata: `partition`, and `offset` = the
 * partition's base offset plus the record's position among the batch's records for that
 * topic-partition (kafkajs keeps that order, and a partition's records are appended as one
 * contiguous run). `offset` stays unset when the partition is unknown (not expected).
 */
export function resolveBatch(
  batch: readonly BufferedRecord[],
  responses: readonly RecordMetadata[],
  assigned: WeakMap<Message, number>,
): void {
  const base = new Map<string, RecordMetadata>();
  for (const response of responses)
    base.set(`${response.topicName}:${response.partition}`, response);
  const next = new Map<string, bigint>();
  for (const { topic, message, resolve } of batch) {
    const partition = message.partition ?? assigned.get(message);
    const response = partition === undefined ? undefined : base.get(`${topic}:${partition}`);
    if (partition === undefined || !response?.baseOffset) {
      resolve({ topicName: topic, partition: partition ?? -1, errorCode: 0 });
      continue;
    }
    const key = `${topic}:${partition}`;
    const offset = next.get(key) ?? BigInt(response.baseOffset);
    next.set(key, offset + 1n);
    resolve({ ...response, offset: offset.toString() });
  }
}
