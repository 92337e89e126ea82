import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_TOPOLOGY,
  Topics,
  declareTopology,
  type TopologyOptions,
} from '@hookline/contracts';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import kafkajs, { type Admin } from 'kafkajs';
import { KafkaConnection } from '../kafka.connection.js';
import { kafkaTestOptions } from '../kafka-test-options.js';
import { awaitTopicLeaders, provisionTopics, type ProvisioningLog } from './topic-provisioner.js';

const { ConfigResourceTypes } = kafkajs;

/** Every prefix this file used, so afterAll removes exactly its own topics. */
const prefixes: string[] = [];
let connection: KafkaConnection;
let admin: Admin;

const connect = async () => {
  // Connecting provisions the service topology too: give it a prefix of its own.
  const prefix = uniqueName('conn');
  prefixes.push(prefix);
  const connection = new KafkaConnection({
    ...kafkaTestOptions(testInfrastructure().kafkaBrokers.split(','), prefix),
    requestTimeoutMs: 10_000,
  });
  await connection.connect();
  return connection;
};

/** A small topology of the test's own: 2 partitions, one retry tier per main topic. */
function topology(overrides: Partial<TopologyOptions> = {}) {
  const prefix = uniqueName('topo');
  prefixes.push(prefix);
  return declareTopology({
    ...DEFAULT_TOPOLOGY,
    prefix,
    partitions: 2,
    replicationFactor: 1,
    minInsyncReplicas: 1,
    retentionMs: 3_600_000,
    deadLetterRetentionMs: 7_200_000,
    retryTiers: Object.fromEntries(Object.values(Topics).map((topic) => [topic, ['1m']])),
    ...overrides,
  });
}

function recordingLog(): ProvisioningLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message), log: () => undefined };
}

async function partitionCounts(admin: Admin, topics: string[]): Promise<Map<string, number>> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return new Map(metadata.map((topic) => [topic.name, topic.partitions.length]));
}

async function topicConfig(admin: Admin, topic: string, name: string): Promise<string | undefined> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
  });
  return resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
}

beforeAll(async () => {
  connection = await connect();
  admin = connection.getAdmin();
});

afterAll(async () => {
  // Test-only cleanup: the provisioner itself never deletes anything.
  const ours = (await admin.listTopics()).filter((topic) =>
    prefixes.some((prefix) => topic.startsWith(`${prefix}.`)),
  );
  if (ours.length > 0) await admin.deleteTopics({ topics: ours });
  await connection.close();
});

describe('provisionTopics', () => {
  it('creates every declared topic with its partitions and configs', async () => {
    const specs = topology();
    const names = specs.map((spec) => spec.name);

    const report = await provisionTopics(admin, specs);

    expect(report).toEqual({ created: names, existing: [], drift: [], adjusted: [] });
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(names));
    const partitions = await partitionCounts(admin, names);
    expect(names.map((name) => partitions.get(name))).toEqual(names.map(() => 2));
    const deadLetter = specs.find((spec) => spec.name.endsWith('.dlt'));
    expect(await topicConfig(admin, names[0] ?? '', 'retention.ms')).toBe('3600000');
    expect(await topicConfig(admin, deadLetter?.name ?? '', 'retention.ms')).toBe('7200000');
    expect(await topicConfig(admin, names[0] ?? '', 'cleanup.policy')).toBe('delete');
  });

  it('creates nothing and reports no drift on a second run', async () => {
    const specs = topology();
    await provisionTopics(admin, specs);
    const log = recordingLog();

    const report = await provisionTopics(admin, specs, log);

    expect(report).toEqual({
      created: [],
      existing: specs.map((spec) => spec.name),
      drift: [],
      adjusted: [],
    });
    expect(log.warnings).toEqual([]);
  });

  it('lets two instances provision at the same time', async () => {
    const specs = topology();
    const names = specs.map((spec) => spec.name);
    const other = await connect();
    try {
      const reports = await Promise.all([
        provisionTopics(admin, specs),
        provisionTopics(other.getAdmin(), specs),
      ]);

      for (const report of reports) {
        expect([...report.created, ...report.existing].sort()).toEqual([...names].sort());
        expect(report.drift).toEqual([]);
      }
      // Nobody claims a topic the other one created.
      const [first, second] = reports;
      expect(first?.created.filter((name) => second?.created.includes(name))).toEqual([]);
      const partitions = await partitionCounts(admin, names);
      expect(names.map((name) => partitions.get(name))).toEqual(names.map(() => 2));
    } finally {
      await other.close();
    }
  });

  it('reports drift on an existing topic and leaves it unchanged', async () => {
    const specs = topology();
    const events = specs.find((spec) => spec.name.endsWith(`.${Topics.events}`));
    if (!events) throw new Error('events topic not declared');
    await admin.createTopics({
      // Waited for below: kafkajs's own wait gives up on UNKNOWN_TOPIC_OR_PARTITION.
      waitForLeaders: false,
      topics: [
        {
          topic: events.name,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: '60000' }],
        },
      ],
    });
    await awaitTopicLeaders(admin, [events.name]);
    const log = recordingLog();

    const report = await provisionTopics(admin, specs, log);

    expect(report.existing).toEqual([events.name]);
    expect(report.created).toEqual(specs.map((s) => s.name).filter((n) => n !== events.name));
    expect(report.drift).toEqual([
      { topic: events.name, setting: 'partitions', declared: '2', actual: '1' },
      { topic: events.name, setting: 'retention.ms', declared: '3600000', actual: '60000' },
    ]);
    expect(log.warnings).toHaveLength(2);
    expect(log.warnings[0]).toContain(events.name);
    expect(log.warnings[1]).toMatch(/retention\.ms is 60000, declared 3600000/);
    // Neither deleted nor altered.
    expect(await admin.listTopics()).toContain(events.name);
    expect((await partitionCounts(admin, [events.name])).get(events.name)).toBe(1);
    expect(await topicConfig(admin, events.name, 'retention.ms')).toBe('60000');
  });

  describe('on a cluster smaller than the declared replication factor', () => {
    let brokers: number;
    beforeAll(async () => {
      brokers = (await admin.describeCluster()).brokers.length;
    });

    it('creates with as many replicas as there are brokers and lists the topics as adjusted', async () => {
      const specs = topology({ replicationFactor: 3, minInsyncReplicas: 2 });
      const names = specs.map((spec) => spec.name);
      const log = recordingLog();

      const report = await provisionTopics(admin, specs, log);

      const replicas = Math.min(3, brokers);
      expect(report.created).toEqual(names);
      expect(report.adjusted).toEqual(brokers < 3 ? names : []);
      expect(log.warnings).toHaveLength(brokers < 3 ? 1 : 0);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      for (const topic of topics) {
        expect(topic.partitions.map((partition) => partition.replicas.length)).toEqual([
          replicas,
          replicas,
        ]);
      }
      expect(await topicConfig(admin, names[0] ?? '', 'min.insync.replicas')).toBe(
        String(Math.min(2, replicas)),
      );

      // The lowered min.insync.replicas is what this cluster allows, not drift.
      const again = await provisionTopics(admin, specs, recordingLog());
      expect(again.created).toEqual([]);
      expect(again.drift).toEqual([]);
    });
  });
});
