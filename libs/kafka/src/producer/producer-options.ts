import { ProducerDefaults } from '@hookline/contracts';
import kafkajs from 'kafkajs';

const { CompressionTypes } = kafkajs;

/** The codecs kafkajs ships built in; others need a plugin package registered globally. */
export type ProducerCompression = typeof CompressionTypes.GZIP | typeof CompressionTypes.None;

/** Optional hook for producer metrics (batch sizes, latency, failures). */
export interface ProducerMetrics {
  /** One `sendBatch` acknowledged: records and approximate uncompressed bytes in it, round trip. */
  batchSent(records: number, bytes: number, ms: number): void;
  /** One `sendBatch` failed; all of its records' callers were rejected with `error`. */
  sendFailed(records: number, error: unknown): void;
}

export interface HooklineProducerOptions {
  /** Prepended to contract topics by `publish` (see `prefixedTopic`); `sendRaw` topics are used as given. */
  topicPrefix: string;
  /** How long the first buffered record waits for company before its batch is sent. Default 10. */
  lingerMs?: number;
  /** A batch is sent early once it holds this many records. Default 1000. */
  maxBatchRecords?: number;
  /**
   * A batch is sent early once its records add up to this many (uncompressed) bytes.
   * Default 900 KiB, below the broker's default `message.max.bytes` of 1 MiB.
   */
  maxBatchBytes?: number;
  /** Records accepted but not yet acknowledged; further sends wait for room. Default 10 000. */
  maxBufferedRecords?: number;
  /** Default none: gzip costs the client and the broker more CPU than it saves on a local network (docs/kafka.md). */
  compression?: ProducerCompression;
  /**
   * kafkajs retries of one batch on retriable errors before its callers are rejected.
   * Default 5 (exponential backoff from the client's retry settings).
   */
  retries?: number;
  /** How long the broker may take to replicate a batch (`acks=all`) before answering. Default 30 000. */
  ackTimeoutMs?: number;
  metrics?: ProducerMetrics;
}

export type ResolvedProducerOptions = Required<Omit<HooklineProducerOptions, 'metrics'>> &
  Pick<HooklineProducerOptions, 'metrics'>;

export const PRODUCER_DEFAULTS = {
  lingerMs: ProducerDefaults.lingerMs,
  maxBatchRecords: 1_000,
  maxBatchBytes: 900 * 1024,
  maxBufferedRecords: 10_000,
  compression: (ProducerDefaults.compression === 'none'
    ? CompressionTypes.None
    : CompressionTypes.GZIP) as ProducerCompression,
  retries: 5,
  ackTimeoutMs: 30_000,
} as const;

export function resolveProducerOptions(options: HooklineProducerOptions): ResolvedProducerOptions {
  const resolved: ResolvedProducerOptions = {
    ...PRODUCER_DEFAULTS,
    ...stripUndefined(options),
    topicPrefix: options.topicPrefix,
    metrics: options.metrics,
  };
  for (const name of ['maxBatchRecords', 'maxBatchBytes', 'maxBufferedRecords'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1)
      throw new RangeError(`HooklineProducer: ${name} must be a positive integer`);
  }
  if (!(resolved.lingerMs >= 0)) throw new RangeError('HooklineProducer: lingerMs must be >= 0');
  // kafkajs refuses an idempotent producer without retries.
  if (!(resolved.retries >= 1)) throw new RangeError('HooklineProducer: retries must be >= 1');
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

/** Thrown by sends made before `connect()` or after `disconnect()`. */
export class ProducerNotConnectedError extends Error {
  override readonly name = 'ProducerNotConnectedError';
}
