import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileForChildProcess,
  startChild,
  testInfrastructure,
  uniqueName,
  type RunningChild,
} from '@hookline/testing';
import { type Kafka } from 'kafkajs';
import { planConsumer } from './consumer-plan.js';
import { createPlanTopics, testClient, testContract, waitFor } from './consumer-test-kit.js';

const RECORDS = 600;
const CONCURRENCY = 4;
const PARTITIONS = 3;

describe('a consumer process that dies or is stopped mid-batch', () => {
  let client: Kafka;
  let build: ReturnType<typeof compileForChildProcess>;

  beforeAll(() => {
    client = testClient(testInfrastructure().kafkaBrokers);
    build = compileForChildProcess([
      'libs/kafka/src',
      'libs/contracts/src',
      'libs/observability/src',
    ]);
  });

  afterAll(() => build.remove());

  async function scenario() {
    const topicPrefix = uniqueName();
    const plan = planConsumer(
      { contract: testContract, handle: async () => {}, options: { retryTiers: ['1s'] } },
      { service: 'crash-test', topicPrefix },
    );
    await createPlanTopics(client, plan, PARTITIONS);
    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic: plan.mainTopic,
      acks: -1,
      messages: Array.from({ length: RECORDS }, (_, id) => ({
        key: `key-${id % 12}`,
        value: JSON.stringify({ id, key: `key-${id % 12}` }),
      })),
    });
    await producer.disconnect();
    const outputFile = join(build.outDir, `${topicPrefix}.log`);
    writeFileSync(outputFile, '');
    const start = (): RunningChild =>
      startChild(join(build.outDir, 'libs/kafka/src/consumer/fixtures/consumer-process.js'), {
        KAFKA_BROKERS: testInfrastructure().kafkaBrokers,
        TOPIC_PREFIX: topicPrefix,
        OUTPUT_FILE: outputFile,
        HANDLER_DELAY_MS: '25',
        CONCURRENCY: String(CONCURRENCY),
      });
    const handled = () => readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map(Number);
    return { plan, start, handled };
  }

  it('SIGKILL: every record is handled at least once after a restart, none lost', async () => {
    const { start, handled } = await scenario();
    const first = start();
    await first.waitForLine(/^started/, 30_000);
    await waitFor(() => handled().length >= RECORDS / 2, 30_000, 'half of the records');
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeKill = handled().length;

    const second = start();
    await second.waitForLine(/^started/, 30_000);
    await waitFor(() => new Set(handled()).size === RECORDS, 60_000, 'every record handled');
    second.child.kill('SIGTERM');
    await second.exited;

    const all = handled();
    const redeliveries = all.length - RECORDS;
    process.stdout.write(
      `SIGKILL after ${beforeKill} handled: ${redeliveries} redeliveries of ${RECORDS} records\n`,
    );
    expect(new Set(all).size).toBe(RECORDS);
    expect(redeliveries).toBeGreaterThanOrEqual(0);
  });

  it('SIGTERM: in-flight records finish, offsets are committed, the group is left at once', async () => {
    const { plan, start, handled } = await scenario();
    const first = start();
    await first.waitForLine(/^started/, 30_000);
    await waitFor(() => handled().length >= RECORDS / 4, 30_000, 'a quarter of the records');
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    expect(first.output).toContain('stopped');

    const admin = client.admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([plan.groupId]);
    await admin.disconnect();
    expect(groups[0]?.members).toHaveLength(0);

    const second = start();
    await second.waitForLine(/^started/, 30_000);
    await waitFor(() => new Set(handled()).size === RECORDS, 60_000, 'every record handled');
    second.child.kill('SIGTERM');
    await second.exited;

    const redeliveries = handled().length - RECORDS;
    process.stdout.write(`SIGTERM: ${redeliveries} redeliveries of ${RECORDS} records\n`);
    // At most the records that were in flight when the signal came; by design none.
    expect(redeliveries).toBeLessThanOrEqual(CONCURRENCY * PARTITIONS);
    expect(redeliveries).toBe(0);
  });
});
