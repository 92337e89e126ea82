import { type RetryTier, type TopicContract } from '@hookline/contracts';
import { type ErrorClass } from '../errors.js';
import { type ConsumerGroupSettings } from '../kafka.options.js';
import { type StandardHeaders } from '../standard-headers.js';

/** What a handler learns about the record besides its value. */
export interface RecordContext {
  /** The topic the record was read from (a retry tier's topic on retries). */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Partial<StandardHeaders>;
  /** 1 on the first try, 2 on the first retry, and so on. */
  attempt: number;
  /** Where the record first arrived, for logs and idempotency. */
  origin: { topic: string; partition: number; offset: string };
  /** The record's timestamp: its producer's clock when it was sent. */
  timestamp?: Date;
  /**
   * Gives this record its own retry schedule for when this attempt fails (a
   * destination's `retryTiers`, say): the delay after the n-th failed attempt is the
   * n-th entry, and once they are used up the record goes to the dead-letter topic.
   * Each retry travels through the consumer's tier topic with the longest delay not
   * above the wanted one (or its shortest tier) and is held until its own due time.
   * Without a call, the consumer's tiers apply.
   */
  useRetrySchedule(delays: readonly string[]): void;
}

export type TopicHandlerFn<T> = (value: T, context: RecordContext) => Promise<void>;

/** How one handler consumes, retries and dead-letters; declared next to the handler. */
export interface HandlerOptions {
  /** Retry delays such as `['1m', '5m', '30m', '2h']`; `[]` sends failures straight to the DLT. */
  retryTiers?: readonly string[];
  /** Spread of each delay: 0.2 means ±20 %, so many failures do not retry in one burst. */
  jitter?: number;
  /** Records of different keys handled at once per partition (records of one key never overlap). */
  concurrency?: number;
  /** Partitions processed at once. */
  partitionsConcurrently?: number;
  /** Overrides the default error classification (PermanentError → DLT, else retry). */
  classify?: (error: unknown) => ErrorClass;
  /** Consumer group; default `hookline-<service>.<topic>`. */
  groupId?: string;
  /** How long the group waits for a silent member before handing its partitions on (default: the service's, 6 s). */
  sessionTimeoutMs?: number;
  /**
   * Consume the contract topic's dead-letter topic instead (`@EventPattern(contract, { deadLetters: true })`):
   * records arrive raw (they are known to be bad), and a failing handler is not routed
   * anywhere: its record is delivered again until the handler succeeds.
   */
  deadLetters?: boolean;
}

/** A record of a dead-letter topic, as it was written: bytes and headers untouched. */
export interface DeadLetterRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface TopicHandler<T> {
  contract: TopicContract<T>;
  handle: TopicHandlerFn<T>;
  options: HandlerOptions;
}

/** Fully resolved settings of one consumer, derived from a handler and the service. */
export interface ConsumerPlan<T> {
  contract: TopicContract<T>;
  /** `main`: decode, validate, route failures. `dead-letters`: raw records, failures redelivered. */
  mode: 'main' | 'dead-letters';
  handle: TopicHandlerFn<T>;
  /** `<service>:<topic>`, carried in the error-stage header. */
  stage: string;
  groupId: string;
  mainTopic: string;
  tiers: { tier: RetryTier; topic: string }[];
  deadLetterTopic: string;
  jitter: number;
  concurrency: number;
  partitionsConcurrently: number;
  group: ConsumerGroupSettings;
  classify: (error: unknown) => ErrorClass;
}

/** The record bytes a forwarder sends on (to a retry tier or the dead-letter topic). */
export interface OutgoingRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string>;
}

/** Sends records to retry and dead-letter topics; resolves once the broker has them. */
export interface RecordForwarder {
  sendRaw(record: OutgoingRecord): Promise<unknown>;
}
