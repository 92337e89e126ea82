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
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
