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
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
