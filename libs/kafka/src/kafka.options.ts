import { type TopologyOptions } from '@hookline/contracts';

/** What the Kafka layer needs to know, filled in from the service's configuration. */
export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name (empty in production; tests isolate with it). */
  topicPrefix: string;
  /** Per-attempt TCP connect timeout. */
  connectionTimeoutMs: number;
  /** Longest wait for a broker's answer before the request counts as failed. */
  requestTimeoutMs: number;
  /** The topics provisioned at start (see libs/contracts/src/topology.ts). */
  topology: TopologyOptions;
  /** Service-wide retry tiers for handlers that declare none (default 1m, 5m, 30m, 2h). */
  retryTiers?: readonly string[];
  /** gzip is the only codec kafkajs ships built in. */
  producer: { compression: 'gzip' | 'none'; lingerMs: number };
  /** How consumer groups notice dead members and recover; see docs/kafka.md. */
  consumer?: Partial<ConsumerGroupSettings>;
}

/** What governs how fast a consumer group recovers from a dead member or a broker outage. */
export interface ConsumerGroupSettings {
  /** A member silent this long is dropped and its partitions handed on. */
  sessionTimeoutMs: number;
  /** How often a member tells the coordinator it is alive, busy or not. */
  heartbeatIntervalMs: number;
  /** How long a rebalance waits for members to rejoin before going on without them. */
  rebalanceTimeoutMs: number;
  /** Longest backoff between a consumer's retries, and so before a crashed consumer restarts. */
  restartDelayMs: number;
  /** How often consumer lag is read from the broker. */
  lagIntervalMs: number;
  /**
   * A fetch returns once this many bytes are ready (or `fetchMaxWaitMs` has passed):
   * fewer, larger fetches cost the broker and the client far less per record.
   */
  fetchMinBytes: number;
  /** Longest a fetch waits at the broker for `fetchMinBytes`. */
  fetchMaxWaitMs: number;
}

export const DEFAULT_CONSUMER_GROUP_SETTINGS: ConsumerGroupSettings = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 1_000,
  rebalanceTimeoutMs: 30_000,
  restartDelayMs: 1_000,
  lagIntervalMs: 5_000,
  fetchMinBytes: 1,
  fetchMaxWaitMs: 1_000,
};

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
