import { setTimeout as sleep } from 'node:timers/promises';
import type { TopicSpec } from '@hookline/contracts';
import kafkajs, { type Admin, type ITopicMetadata } from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;

/** One way an existing topic differs from its declaration. */
export interface TopicDrift {
  topic: string;
  /** `partitions`, `replicationFactor`, or a topic config name such as `retention.ms`. */
  setting: string;
  declared: string;
  actual: string;
}

export interface ProvisioningReport {
  /** Topics this call created. */
  created: string[];
  /** Topics that already existed (including ones a concurrent instance created first). */
  existing: string[];
  /** Differences on existing topics; reported, never repaired. */
  drift: TopicDrift[];
  /** Topics whose replication settings were lowered to fit a cluster with fewer brokers. */
  adjusted: string[];
}

export interface ProvisioningLog {
  warn(message: string): void;
  log(message: string): void;
}

const MIN_INSYNC_REPLICAS = 'min.insync.replicas';
/** How long to wait for leaders of topics another instance has just created. */
const LEADER_WAIT_MS = 10_000;

const silent: ProvisioningLog = { warn: () => undefined, log: () => undefined };

/** A spec as it can be realised on this cluster, plus what was accepted instead of it. */
interface Effective {
  declared: TopicSpec;
  spec: TopicSpec;
  clamped: boolean;
}

/**
 * Makes the cluster hold every declared topic: creates the missing ones, reports drift on
 * the existing ones. It never deletes or alters a topic: shrinking partitions is
 * impossible and changing configs of a live topic is an operator's decision.
 * Safe to run from every instance at once.
 */
export async function provisionTopics(
  admin: Admin,
  specs: TopicSpec[],
  log: ProvisioningLog = silent,
): Promise<ProvisioningReport> {
  const { brokers } = await admin.describeCluster();
  const effective = specs.map((spec) => clampToCluster(spec, brokers.length));
  const adjusted = effective.filter((topic) => topic.clamped).map((topic) => topic.spec.name);
  if (adjusted.length > 0) {
    log.warn(
      `Kafka cluster has ${brokers.length} broker(s), fewer than the declared replication factor: ` +
        `${adjusted.length} topic(s) use replication factor ${brokers.length} and ` +
        `${MIN_INSYNC_REPLICAS} at most ${brokers.length} (fine for development, not for production)`,
    );
  }

  const present = new Set(await admin.listTopics());
  const missing = effective.filter((topic) => !present.has(topic.spec.name));
  const created = missing.length > 0 ? await createMissing(admin, missing, log) : [];

  const createdNames = new Set(created);
  const existing = effective.filter((topic) => !createdNames.has(topic.spec.name));
  const drift = existing.length > 0 ? await detectDrift(admin, existing) : [];
  for (const item of drift) {
    log.warn(
      `Kafka topic ${item.topic} drifts from its declaration: ${item.setting} is ${item.actual}, ` +
        `declared ${item.declared} (left unchanged; fix it by hand or change the declaration)`,
    );
  }
  log.log(
    `Kafka topics: ${created.length} created, ${existing.length} existing, ${drift.length} drift(s)`,
  );
  return {
    created,
    existing: existing.map((topic) => topic.spec.name),
    drift,
    adjusted,
  };
}

/** Lowers replication to what the cluster can host, so a single dev broker still works. */
function clampToCluster(declared: TopicSpec, brokerCount: number): Effective {
  if (brokerCount <= 0 || declared.replicationFactor <= brokerCount) {
    return { declared, spec: declared, clamped: false };
  }
  const configs = { ...declared.configs };
  const minInsync = configs[MIN_INSYNC_REPLICAS];
  if (minInsync !== undefined) {
    configs[MIN_INSYNC_REPLICAS] = String(Math.min(Number(minInsync), brokerCount));
  }
  return {
    declared,
    spec: { ...declared, replicationFactor: brokerCount, configs },
    clamped: true,
  };
}

/**
 * One CreateTopics request for everything missing. Returns the topics this call created;
 * when another instance won the race for some of them, kafkajs cannot say which, so they
 * all count as existing and get checked for drift like any other.
 */
async function createMissing(
  admin: Admin,
  missing: Effective[],
  log: ProvisioningLog,
): Promise<string[]> {
  const names = missing.map((topic) => topic.spec.name);
  try {
    // kafkajs resolves `false` (and skips waiting for leaders) when every failure is
    // TOPIC_ALREADY_EXISTS; the catch covers the same answer arriving as a plain error.
    const createdAll = await admin.createTopics({
      validateOnly: false,
      waitForLeaders: true,
      topics: missing.map(({ spec }) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      })),
    });
    if (createdAll) return names;
  } catch (error) {
    // kafkajs's wait for leaders retries only LEADER_NOT_AVAILABLE, but a broker whose
    // metadata cache lags the controller answers UNKNOWN_TOPIC_OR_PARTITION for a moment:
    // the topics were created, they are just not visible yet.
    if (errorType(error) === 'UNKNOWN_TOPIC_OR_PARTITION') {
      await awaitTopicLeaders(admin, names);
      return names;
    }
    if (!isAlreadyExists(error)) throw error;
  }
  log.log(`Kafka topics created concurrently by another instance: re-checking ${names.length}`);
  return [];
}

function errorType(error: unknown): unknown {
  return (error as { type?: unknown } | null)?.type;
}

function isAlreadyExists(error: unknown): boolean {
  if (errorType(error) === 'TOPIC_ALREADY_EXISTS') return true;
  const errors = (error as { errors?: unknown } | null)?.errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((inner) => errorType(inner) === 'TOPIC_ALREADY_EXISTS')
  );
}

async function detectDrift(admin: Admin, existing: Effective[]): Promise<TopicDrift[]> {
  const metadata = await awaitTopicLeaders(
    admin,
    existing.map((topic) => topic.spec.name),
  );
  const configs = await describeTopicConfigs(admin, existing);
  return existing.flatMap(({ declared, spec }) => {
    const drift: TopicDrift[] = [];
    const note = (setting: string, expected: string, actual: string, accepted = expected) => {
      if (actual !== expected && actual !== accepted) {
        drift.push({ topic: spec.name, setting, declared: expected, actual });
      }
    };
    const partitions = metadata.get(spec.name)?.partitions ?? [];
    note('partitions', String(declared.partitions), String(partitions.length));
    const replicas = partitions[0]?.replicas.length;
    if (replicas !== undefined) {
      note(
        'replicationFactor',
        String(declared.replicationFactor),
        String(replicas),
        String(spec.replicationFactor),
      );
    }
    const actual = configs.get(spec.name) ?? new Map<string, string>();
    for (const [name, value] of Object.entries(declared.configs)) {
      // The clamped value is what this cluster can honour; not drift.
      note(name, value, actual.get(name) ?? '(not reported)', spec.configs[name]);
    }
    return drift;
  });
}

/**
 * Metadata of topics known to exist, once every partition has a leader. Right after a
 * topic is created (by us or another instance) metadata requests fail for a moment with
 * LEADER_NOT_AVAILABLE or UNKNOWN_TOPIC_OR_PARTITION (the broker's metadata cache lags the
 * controller); this waits that out. Only call it for topics the controller has: kafkajs
 * metadata requests allow auto-creation, which would create a missing topic with broker
 * defaults.
 */
export async function awaitTopicLeaders(
  admin: Admin,
  topics: string[],
  timeoutMs = LEADER_WAIT_MS,
): Promise<Map<string, ITopicMetadata>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      return new Map(metadata.map((topic) => [topic.name, topic]));
    } catch (error) {
      const type = errorType(error);
      if (type !== 'LEADER_NOT_AVAILABLE' && type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      if (Date.now() > deadline) {
        throw new Error(`Kafka topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`, {
          cause: error,
        });
      }
      await sleep(100);
    }
  }
}

/** Actual values of the declared configs, all topics in one DescribeConfigs request. */
async function describeTopicConfigs(
  admin: Admin,
  topics: Effective[],
): Promise<Map<string, Map<string, string>>> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map(({ declared }) => ({
      type: ConfigResourceTypes.TOPIC,
      name: declared.name,
      configNames: Object.keys(declared.configs),
    })),
  });
  return new Map(
    resources.map((resource) => [
      resource.resourceName,
      new Map(resource.configEntries.map((entry) => [entry.configName, entry.configValue])),
    ]),
  );
}
