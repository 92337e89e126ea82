import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  compileForChildProcess,
  startChild,
  startPrivateKafka,
  testInfrastructure,
  uniqueName,
  type RunningChild,
} from '@hookline/testing';
import { type Kafka } from 'kafkajs';
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

/**
 * How long a case waits for deliveries to resume before it fails: a give-up bound, not a
 * speed goal. The group settings aim at a few seconds; each case prints what it took.
 */
const GIVE_UP_MS = 60_000;
const LOAD_INTERVAL_MS = 50;

/** Sends one record every LOAD_INTERVAL_MS until stopped; failed sends (broker away) are skipped. */
function steadyLoad(client: Kafka, topic: string): { stop(): Promise<void> } {
  const producer = client.producer({ retry: { retries: 0 } });
  let running = true;
  const loop = (async () => {
    await producer.connect();
    for (let id = 0; running; id++) {
      await producer
        .send({
          topic,
          acks: -1,
          messages: [{ key: `key-${id % 6}`, value: JSON.stringify({ id, key: `key-${id % 6}` }) }],
        })
        .catch(() => undefined);
      await sleep(LOAD_INTERVAL_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await producer.disconnect();
    },
  };
}

/**
 * How long a group goes without delivering after losing a member or its broker. The
 * figures are printed; the bound is the one the group settings promise.
 */
describe('recovery under steady load', () => {
  it('a consumer process SIGKILLed and restarted delivers again, and keeps delivering', async () => {
    const build = compileForChildProcess([
      'libs/kafka/src',
      'libs/contracts/src',
      'libs/observability/src',
    ]);
    const { kafkaBrokers } = testInfrastructure();
    const client = testClient(kafkaBrokers);
    const topicPrefix = uniqueName();
    const plan = planConsumer(
      { contract: testContract, handle: async () => {}, options: { retryTiers: ['1s'] } },
      { service: 'crash-test', topicPrefix },
    );
    await createPlanTopics(client, plan, 3);
    const outputFile = join(build.outDir, `${topicPrefix}.log`);
    writeFileSync(outputFile, '');
    const handled = () => readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).length;
    const start = (): RunningChild =>
      startChild(join(build.outDir, 'libs/kafka/src/consumer/fixtures/consumer-process.js'), {
        KAFKA_BROKERS: kafkaBrokers,
        TOPIC_PREFIX: topicPrefix,
        OUTPUT_FILE: outputFile,
        HANDLER_DELAY_MS: '5',
        CONCURRENCY: '4',
      });
    const load = steadyLoad(client, plan.mainTopic);
    let second: RunningChild | undefined;
    try {
      const first = start();
      await first.waitForLine(/^started/, 30_000);
      await waitFor(() => handled() >= 40, 30_000, 'deliveries under load');
      first.child.kill('SIGKILL');
      await first.exited;
      const killedAt = Date.now();
      const before = handled();

      // Spawned at once; its `started` line comes only once it has joined the group.
      second = start();
      await waitFor(() => handled() > before, GIVE_UP_MS, 'the first delivery after the restart');
      const resumedAt = Date.now();
      process.stdout.write(
        `consumer SIGKILL and restart: first delivery ${resumedAt - killedAt} ms after the kill (session timeout ${plan.group.sessionTimeoutMs} ms)\n`,
      );
      // And it keeps delivering: the restarted member owns the partitions for good.
      const resumed = handled();
      await waitFor(
        () => handled() >= resumed + 20,
        GIVE_UP_MS,
        'steady deliveries after the restart',
      );
      expect(handled()).toBeGreaterThanOrEqual(resumed + 20);
    } finally {
      await load.stop();
      second?.child.kill('SIGTERM');
      await second?.exited;
      build.remove();
    }
  });

  describe('a broker that goes away and comes back', () => {
    let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
    let client: Kafka;
    let plan: ConsumerPlan<TestRecord>;

    beforeAll(async () => {
      kafka = await startPrivateKafka();
      client = testClient(kafka.brokers);
      plan = planConsumer(
        { contract: testContract, handle: async () => {}, options: { retryTiers: ['1s'] } },
        { service: 'outage-test', topicPrefix: uniqueName() },
      );
      await createPlanTopics(client, plan, 3);
    }, 120_000);

    afterAll(async () => {
      await kafka?.remove();
    }, 60_000);

    it('delivers again after its return, and keeps delivering', async () => {
      const delivered: number[] = [];
      const forwarder = await KafkajsForwarder.connect(client);
      const consumer = new HooklineConsumer(
        client,
        { ...plan, handle: async () => void delivered.push(Date.now()) },
        forwarder,
        new ConsumerCounters(),
      );
      await consumer.start();
      const load = steadyLoad(client, plan.mainTopic);
      try {
        await waitFor(() => delivered.length >= 40, 30_000, 'deliveries under load');
        const stoppedAt = Date.now();
        await kafka.stop();
        // Long enough for the consumer to run out of retries and restart, as in a real outage.
        await sleep(10_000);
        await kafka.start();
        const backAt = Date.now();
        await waitFor(
          () => (delivered.at(-1) ?? 0) > backAt,
          GIVE_UP_MS,
          'the first delivery after the broker returned',
        );
        const resumedAt = delivered.find((at) => at > backAt) ?? Date.now();
        process.stdout.write(
          `broker outage of ${((backAt - stoppedAt) / 1000).toFixed(1)} s: first delivery ${resumedAt - backAt} ms after the broker answered again (session timeout ${plan.group.sessionTimeoutMs} ms)\n`,
        );
        // And it keeps delivering without a restart of the consumer.
        await waitFor(
          () => delivered.filter((at) => at > backAt).length >= 20,
          GIVE_UP_MS,
          'steady deliveries after the broker returned',
        );
        expect(delivered.filter((at) => at > backAt).length).toBeGreaterThanOrEqual(20);
      } finally {
        await load.stop();
        await consumer.stop();
        await forwarder.close().catch(() => undefined);
      }
    }, 150_000);
  });
});
