import { createRequire } from 'node:module';
import { type ClientRequest } from './api-version-ranges.js';

interface KafkajsRequestTable {
  requests: Record<string, { versions: string[] }>;
}

// kafkajs exposes no version table; its request definitions are the source of truth
// (kafkajs is pinned by the lockfile, and a missing entry fails the unit test).
const kafkajsProtocol = createRequire(import.meta.url)(
  'kafkajs/src/protocol/requests/index.js',
) as KafkajsRequestTable;

/**
 * The requests Hookline sends through kafkajs (producer, consumer groups, admin), by
 * Kafka's API key, with kafkajs's names for them where they differ.
 */
const HOOKLINE_REQUESTS: readonly { apiKey: number; name: string; kafkajsName?: string }[] = [
  { apiKey: 0, name: 'Produce' },
  { apiKey: 1, name: 'Fetch' },
  { apiKey: 2, name: 'ListOffsets' },
  { apiKey: 3, name: 'Metadata' },
  { apiKey: 8, name: 'OffsetCommit' },
  { apiKey: 9, name: 'OffsetFetch' },
  { apiKey: 10, name: 'FindCoordinator', kafkajsName: 'GroupCoordinator' },
  { apiKey: 11, name: 'JoinGroup' },
  { apiKey: 12, name: 'Heartbeat' },
  { apiKey: 13, name: 'LeaveGroup' },
  { apiKey: 14, name: 'SyncGroup' },
  { apiKey: 15, name: 'DescribeGroups' },
  { apiKey: 18, name: 'ApiVersions' },
  { apiKey: 19, name: 'CreateTopics' },
  { apiKey: 20, name: 'DeleteTopics' },
  { apiKey: 22, name: 'InitProducerId' },
  { apiKey: 32, name: 'DescribeConfigs' },
];

/** What kafkajs will send for each request Hookline uses: the versions it implements. */
export function kafkajsRequests(): ClientRequest[] {
  return HOOKLINE_REQUESTS.map(({ apiKey, name, kafkajsName }) => {
    const versions = kafkajsProtocol.requests[kafkajsName ?? name]?.versions.map(Number) ?? [];
    if (versions.length === 0) throw new Error(`kafkajs implements no version of ${name}`);
    return { apiKey, name, versions: { min: Math.min(...versions), max: Math.max(...versions) } };
  });
}
