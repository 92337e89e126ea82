import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { type Admin, type Kafka, type Producer } from 'kafkajs';
import { ConsumerLagMonitor, type PartitionLag } from './consumer-lag.js';
import { ConsumerCounters } from './consumer-metrics.js';
import { planConsumer } from './consumer-plan.js';
import { HooklineConsumer } from './hookline-consumer.js';
import {
  createPlanTopics,
  KafkajsForwarder,
  testClient,
  testContract,
  waitFor,
} from './consumer-test-kit.js';

describe('consumer lag read from the broker', () => {
  let client: Kafka;
  let producer: Producer;
  let admin: Admin;
  let forwarder: KafkajsForwarder;

  beforeAll(async () => {
    client = testClient(testInfrastructure().kafkaBrokers);
    producer = client.producer();
    admin = client.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    forwarder = await KafkajsForwarder.connect(client);
  });

  afterAll(async () => {
    await Promise.all([producer.disconnect(), admin.disconnect(), forwarder.close()]);
  });

  it('grows with a backlog behind a stuck handler, with the wait of its oldest record, and drains to 0', async () => {
    // The handler takes the first record and holds it until the test lets go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const started: number[] = [];
    let handled = 0;
    const plan = planConsumer(
      {
        contract: testContract,
        options: { retryTiers: ['1s'], concurrency: 1, partitionsConcurrently: 1 },
        handle: async (record) => {
          started.push(record.id);
          await released;
          handled += 1;
        },
      },
      { service: 'lag-test', topicPrefix: uniqueName() },
    );
    await createPlanTopics(client, plan, 1);
    const metrics = new ConsumerCounters();
    const consumer = new HooklineConsumer(client, plan, forwarder, metrics);
    const monitor = new ConsumerLagMonitor(
      () => admin,
      () => [consumer],
      metrics,
    );
    const send = (from: number, count: number) =>
      producer.send({
        topic: plan.mainTopic,
        acks: -1,
        messages: Array.from({ length: count }, (_, index) => ({
          key: 'one-key',
          value: JSON.stringify({ id: from + index, key: 'one-key' }),
        })),
      });
    const mainLag = (readings: PartitionLag[]) =>
      readings.find((reading) => reading.topic === plan.mainTopic && reading.partition === 0);

    await send(0, 100);
    await consumer.start();
    try {
      await waitFor(() => started.length === 1, 30_000, 'the first record to reach the handler');
      const first = mainLag(await monitor.sample());
      expect(first?.lag).toBe(100);

      await send(100, 150);
      const second = mainLag(await monitor.sample());
      process.stdout.write(
        `lag behind a stuck handler: ${first?.lag} then ${second?.lag} records; oldest waited ${second?.oldestUncommittedMs} ms\n`,
      );
      expect(second?.lag).toBe(250);
      expect(second?.oldestUncommittedMs).toBeGreaterThan(0);
      expect(second?.oldestUncommittedMs).toBeGreaterThanOrEqual(first?.oldestUncommittedMs ?? 0);
      // What /metrics would show, under the group's own labels.
      expect(metrics.lags.get(`${plan.mainTopic}|0|${plan.groupId}`)).toBe(250);

      release();
      await waitFor(() => handled === 250, 30_000, 'the backlog to drain');
      let drained: PartitionLag | undefined;
      const deadline = Date.now() + 10_000;
      do drained = mainLag(await monitor.sample());
      while (drained?.lag !== 0 && Date.now() < deadline);
      expect(drained).toMatchObject({ lag: 0, oldestUncommittedMs: 0 });
    } finally {
      release();
      await consumer.stop();
    }
  });
});
