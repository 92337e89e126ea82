import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { type Kafka, type Producer } from 'kafkajs';
import { ConsumerCounters } from './consumer-metrics.js';
import { planConsumer } from './consumer-plan.js';
import { type ConsumerPlan } from './consumer.types.js';
import { HooklineConsumer } from './hookline-consumer.js';
import {
  createPlanTopics,
  KafkajsForwarder,
  testClient,
  testContract,
  waitFor,
  type TestRecord,
} from './consumer-test-kit.js';

const RECORDS = 1_200;
const KEYS = 24;
const PARTITIONS = 6;

/**
 * Members join and leave one group while records flow: partitions move between them
 * (cooperative hand-over is not in kafkajs: every rebalance revokes everything), and
 * the group must still handle every record, in key order, and end with its committed
 * offsets at the end of every partition.
 */
describe('HooklineConsumer through rebalances on a real broker', () => {
  let client: Kafka;
  let producer: Producer;
  let forwarder: KafkajsForwarder;
  let plan: ConsumerPlan<TestRecord>;
  /** Every handling, in the order it finished: [member, record]. */
  const handled: { member: string; record: TestRecord }[] = [];

  beforeAll(async () => {
    client = testClient(testInfrastructure().kafkaBrokers, 'hookline-rebalance-test');
    producer = client.producer();
    await producer.connect();
    forwarder = await KafkajsForwarder.connect(client);
    plan = planConsumer(
      {
        contract: testContract,
        handle: async () => {},
        options: { retryTiers: ['1s'], concurrency: 4, sessionTimeoutMs: 10_000 },
      },
      { service: 'test', topicPrefix: uniqueName() },
    );
    await createPlanTopics(client, plan, PARTITIONS);
  });

  afterAll(async () => {
    for (const started of members) await started.stop();
    await producer?.disconnect();
    await forwarder?.close();
  });

  const members: HooklineConsumer<TestRecord>[] = [];
  function member(name: string): HooklineConsumer<TestRecord> {
    const consumer = new HooklineConsumer(
      client,
      {
        ...plan,
        handle: async (record) => {
          await sleep(2);
          handled.push({ member: name, record });
        },
      },
      forwarder,
      new ConsumerCounters(),
    );
    members.push(consumer);
    return consumer;
  }

  it('handles every record in key order while members join and leave, and commits to the end', async () => {
    const producing = (async () => {
      for (let start = 0; start < RECORDS; start += 50) {
        const batch = Array.from({ length: 50 }, (_, index) => {
          const id = start + index;
          return { id, key: `key-${id % KEYS}` };
        });
        await producer.send({
          topic: plan.mainTopic,
          acks: -1,
          messages: batch.map((record) => ({ key: record.key, value: JSON.stringify(record) })),
        });
        await sleep(400); // about ten seconds of traffic, so every member change meets some
      }
    })();

    const first = member('a');
    await first.start();

    await waitFor(() => handled.length >= 100, 30_000, 'member a under way');
    const second = member('b');
    await second.start(); // a rebalance: a hands over half its partitions
    await waitFor(
      () => handled.some((entry) => entry.member === 'b'),
      60_000,
      'member b to receive partitions',
    );
    const third = member('c');
    await third.start();
    await waitFor(
      () => handled.some((entry) => entry.member === 'c'),
      60_000,
      'member c to receive partitions',
    );
    await first.stop(); // a graceful leave: its partitions move to b and c
    await producing;

    const ids = () => new Set(handled.map((entry) => entry.record.id));

    await waitFor(() => ids().size === RECORDS, 60_000, `all ${RECORDS} records`);
    await second.stop();
    await third.stop();

    // None lost.
    expect(ids().size).toBe(RECORDS);
    // Order per key: a record is first handled only after every earlier record of its key.
    const firstHandlings = new Map<string, number[]>();
    const seen = new Set<number>();
    for (const { record } of handled) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      firstHandlings.set(record.key, [...(firstHandlings.get(record.key) ?? []), record.id]);
    }
    for (const [key, order] of firstHandlings) {
      expect({ key, order }).toEqual({ key, order: [...order].sort((a, b) => a - b) });
    }
    // Redeliveries are possible (at-least-once) only for records in flight at a hand-over.
    const redelivered = handled.length - RECORDS;
    console.info(
      `rebalance test: ${RECORDS} records, ${redelivered} redelivered; by member: ${['a', 'b', 'c']
        .map((name) => `${name}=${handled.filter((entry) => entry.member === name).length}`)
        .join(' ')}`,
    );
    // Handled records are committed before each rejoin, so a hand-over usually redelivers
    // none; how many depends on timing on a busy machine (docs/kafka.md has the figures),
    // so the bound only catches a runtime that redelivers wholesale.
    expect(redelivered).toBeLessThan(RECORDS / 4);

    // The group's committed offsets reached the end of every partition: nothing left
    // behind, and no stale commit moved one back.
    const admin = client.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({
        groupId: plan.groupId,
        topics: [plan.mainTopic],
      });
      const ends = await admin.fetchTopicOffsets(plan.mainTopic);
      const byPartition = (entries: { partition: number; offset: string }[]) =>
        Object.fromEntries(entries.map((entry) => [entry.partition, entry.offset]));
      expect(byPartition(committed?.partitions ?? [])).toEqual(byPartition(ends));
    } finally {
      await admin.disconnect();
    }
  }, 120_000);
});
