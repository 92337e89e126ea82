import { DEFAULT_TOPOLOGY } from '@hookline/contracts';
import { type KafkaOptions } from './kafka.options.js';

/** KafkaOptions for library tests: small topics under a prefix of the test's own. */
export function kafkaTestOptions(brokers: string[], topicPrefix = ''): KafkaOptions {
  return {
    brokers,
    clientId: 'hookline-test',
    topicPrefix,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 5_000,
    topology: {
      ...DEFAULT_TOPOLOGY,
      prefix: topicPrefix,
      partitions: 1,
      replicationFactor: 1,
      minInsyncReplicas: 1,
    },
    producer: { compression: 'gzip', lingerMs: 5 },
  };
}
