import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FailureHeaders, Headers } from '@hookline/contracts';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { type Kafka, type Producer } from 'kafkajs';
import { PermanentError } from '../errors.js';
import { headerText } from '../standard-headers.js';
import { ConsumerCounters } from './consumer-metrics.js';
import { planConsumer } from './consumer-plan.js';
import {
  type DeadLetterRecord,
  type HandlerOptions,
  type RecordContext,
  type TopicHandlerFn,
} from './consumer.types.js';
import { HooklineConsumer } from './hookline-consumer.js';
import {
  collect,
  createPlanTopics,
  KafkajsForwarder,
  testClient,
  testContract,
  waitFor,
  type TestRecord,
} from './consumer-test-kit.js';

describe('HooklineConsumer on a real broker', () => {
  let client: Kafka;
  let producer: Producer;
  let forwarder: KafkajsForwarder;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    client = testClient(testInfrastructure().kafkaBrokers);
    producer = client.producer();
    await producer.connect();
    forwarder = await KafkajsForwarder.connect(client);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await producer.disconnect();
    await forwarder.close();
  });

  async function startConsumer(handle: TopicHandlerFn<TestRecord>, options: HandlerOptions) {
    const plan = planConsumer(
      { contract: testContract, handle, options },
      { service: 'test', topicPrefix: uniqueName() },
    );
    await createPlanTopics(client, plan);
    const metrics = new ConsumerCounters();
    const consumer = new HooklineConsumer(client, plan, forwarder, metrics);
    await consumer.start();
    cleanups.push(() => consumer.stop());
    return { plan, metrics };
  }

  const send = (topic: string, records: { key: string; value: string | Buffer }[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: records.map((record) => ({
        key: record.key,
        value: record.value,
        headers: { [Headers.correlationId]: `corr-${record.key}`, [Headers.tenantId]: 'tenant-a' },
      })),
    });

  it('retries a failing record through tier 1 and 2 and handles it once on the third attempt', async () => {
    const attempts: { attempt: number; at: number; topic: string }[] = [];
    let succeeded = 0;
    const { plan, metrics } = await startConsumer(
      async (_record, context: RecordContext) => {
        attempts.push({ attempt: context.attempt, at: Date.now(), topic: context.topic });
        if (context.attempt < 3) throw new Error(`flaky dependency (attempt ${context.attempt})`);
        succeeded += 1;
      },
      { retryTiers: ['400ms', '800ms'], jitter: 0 },
    );
    await send(plan.mainTopic, [{ key: 'k1', value: JSON.stringify({ id: 1, key: 'k1' }) }]);
    await waitFor(() => succeeded === 1, 20_000, 'the third attempt');

    expect(attempts.map((attempt) => [attempt.attempt, attempt.topic])).toEqual([
      [1, plan.mainTopic],
      [2, plan.tiers[0]?.topic],
      [3, plan.tiers[1]?.topic],
    ]);
    const [first, second, third] = attempts.map((attempt) => attempt.at) as [
      number,
      number,
      number,
    ];
    expect(second - first).toBeGreaterThanOrEqual(400);
    expect(third - second).toBeGreaterThanOrEqual(800);
    expect(metrics.total('retried|')).toBe(2);
    expect(metrics.total('handled|')).toBe(1);
    // Nothing more arrives: handled exactly once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(succeeded).toBe(1);
  });

  it('dead-letters a record that always fails, with every failure header', async () => {
    const { plan, metrics } = await startConsumer(
      async () => {
        throw new Error('destination said no');
      },
      { retryTiers: ['200ms', '300ms'], jitter: 0 },
    );
    const dlt = await collect(client, plan.deadLetterTopic);
    cleanups.push(() => dlt.stop());
    const value = JSON.stringify({ id: 7, key: 'k7' });
    const [sent] = await send(plan.mainTopic, [{ key: 'k7', value }]);
    await waitFor(() => dlt.messages.length === 1, 20_000, 'the dead letter');

    const [letter] = dlt.messages;
    const header = (name: string) => headerText(letter?.headers, name);
    expect(letter?.key?.toString()).toBe('k7');
    expect(letter?.value?.toString()).toBe(value);
    expect(header(FailureHeaders.originalTopic)).toBe(plan.mainTopic);
    expect(header(FailureHeaders.originalPartition)).toBe(String(sent?.partition));
    expect(header(FailureHeaders.originalOffset)).toBe(sent?.baseOffset);
    expect(Number(header(FailureHeaders.originalTimestamp))).toBeGreaterThan(0);
    expect(header(FailureHeaders.attempt)).toBe('3');
    expect(header(FailureHeaders.errorClass)).toBe('Error');
    expect(header(FailureHeaders.errorMessage)).toBe('destination said no');
    expect(header(FailureHeaders.errorStage)).toBe(`test:${testContract.topic}`);
    expect(Date.parse(header(FailureHeaders.firstFailedAt) ?? '')).toBeLessThan(
      Date.parse(header(FailureHeaders.lastFailedAt) ?? ''),
    );
    expect(header(FailureHeaders.retryDueAt)).toBeUndefined();
    expect(header(Headers.correlationId)).toBe('corr-k7');
    expect(header(Headers.tenantId)).toBe('tenant-a');
    expect(metrics.total('dead_lettered|')).toBe(1);
  });

  it('sends a permanent error straight to the dead-letter topic', async () => {
    let calls = 0;
    const { plan } = await startConsumer(
      async () => {
        calls += 1;
        throw new PermanentError('410 Gone');
      },
      { retryTiers: ['200ms'], jitter: 0 },
    );
    const dlt = await collect(client, plan.deadLetterTopic);
    cleanups.push(() => dlt.stop());
    await send(plan.mainTopic, [{ key: 'k', value: JSON.stringify({ id: 1, key: 'k' }) }]);
    await waitFor(() => dlt.messages.length === 1, 20_000, 'the dead letter');
    expect(calls).toBe(1);
    expect(headerText(dlt.messages[0]?.headers, FailureHeaders.attempt)).toBe('1');
    expect(headerText(dlt.messages[0]?.headers, FailureHeaders.errorClass)).toBe('PermanentError');
  });

  it('dead-letters poison pills at once and handles the records around them', async () => {
    const handled: number[] = [];
    const { plan } = await startConsumer(async (record) => void handled.push(record.id), {
      retryTiers: ['200ms'],
    });
    const dlt = await collect(client, plan.deadLetterTopic);
    cleanups.push(() => dlt.stop());
    // One key, so one partition and one lane: a stall would show.
    await send(plan.mainTopic, [
      { key: 'p', value: JSON.stringify({ id: 1, key: 'p' }) },
      { key: 'p', value: JSON.stringify({ id: 2, key: 'p' }) },
      { key: 'p', value: Buffer.from([0xff, 0xfe, 0x00]) },
      { key: 'p', value: JSON.stringify({ id: 'three', key: 'p' }) },
      { key: 'p', value: JSON.stringify({ id: 4, key: 'p' }) },
      { key: 'p', value: JSON.stringify({ id: 5, key: 'p' }) },
    ]);
    await waitFor(
      () => new Set(handled).size === 4 && dlt.messages.length >= 2,
      20_000,
      'goods handled, pills dead-lettered',
    );
    // In order; a redelivery after a rebalance may repeat records, never reorder them.
    expect([...new Set(handled)]).toEqual([1, 2, 4, 5]);
    const letters = dlt.messages.slice(0, 2);
    expect(
      letters.map((message) => headerText(message.headers, FailureHeaders.errorClass)),
    ).toEqual(['UndecodableRecord', 'SchemaViolation']);
    expect(letters.map((message) => headerText(message.headers, FailureHeaders.attempt))).toEqual([
      '1',
      '1',
    ]);
    expect(headerText(dlt.messages[1]?.headers, FailureHeaders.errorMessage)).toMatch(/id/);
  });

  it('reads a dead-letter topic raw and delivers a record again when its handler fails', async () => {
    const seen: { value: string; attempt: number }[] = [];
    const plan = planConsumer(
      {
        contract: testContract,
        options: { deadLetters: true },
        handle: async (record) => {
          const raw = record as unknown as DeadLetterRecord;
          seen.push({ value: raw.value?.toString('latin1') ?? '', attempt: seen.length + 1 });
          if (seen.length === 1) throw new Error('database away');
        },
      },
      { service: 'test', topicPrefix: uniqueName() },
    );
    expect(plan.mainTopic).toMatch(/\.hookline\.events\.v1\.dlt$/);
    await createPlanTopics(client, plan);
    const consumer = new HooklineConsumer(client, plan, forwarder, new ConsumerCounters());
    await consumer.start();
    cleanups.push(() => consumer.stop());
    await send(plan.mainTopic, [{ key: 'k', value: Buffer.from([0xff, 0x01]) }]);
    await waitFor(() => seen.length >= 2, 30_000, 'the redelivery');
    expect(seen.map((entry) => entry.value)).toEqual(['\u00ff\u0001', '\u00ff\u0001']);
  });

  it('keeps order per key across a batch while handling keys concurrently', async () => {
    // Each key's ids in the order they were first handled; a redelivery (at-least-once,
    // e.g. after a rebalance on a busy broker) may repeat an id but not reorder the first.
    const seen = new Map<string, number[]>();
    const handled = new Set<number>();
    let handlings = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const { plan } = await startConsumer(
      async (record) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, (record.id * 7) % 5));
        inFlight -= 1;
        handlings += 1;
        if (handled.has(record.id)) return;
        handled.add(record.id);
        seen.set(record.key, [...(seen.get(record.key) ?? []), record.id]);
      },
      { concurrency: 8 },
    );
    const records = Array.from({ length: 300 }, (_, id) => ({ id, key: `key-${id % 6}` }));
    await send(
      plan.mainTopic,
      records.map((record) => ({ key: record.key, value: JSON.stringify(record) })),
    );
    await waitFor(
      () => handled.size === 300,
      30_000,
      `all 300 records (so far ${handled.size} distinct in ${handlings} handlings)`,
    );
    expect(seen.size).toBe(6);
    for (const [key, ids] of seen) {
      expect({ key, ids }).toEqual({ key, ids: [...ids].sort((a, b) => a - b) });
    }
    expect(maxInFlight).toBeGreaterThan(1);
  });
});
