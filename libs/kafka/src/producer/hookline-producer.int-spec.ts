import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Headers, prefixedTopic, Topics, type TopicContract } from '@hookline/contracts';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import kafkajs, { type Admin, type Kafka, type KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { SchemaViolation } from '../errors.js';
import { headerText } from '../standard-headers.js';
import { provisionTopics } from '../topology/topic-provisioner.js';
import {
  HooklineProducer,
  type HooklineProducerOptions,
  ProducerNotConnectedError,
  type ProducerMetrics,
} from './hookline-producer.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

const Note = z.object({ key: z.string().min(1), seq: z.number().int().nonnegative() });
type Note = z.infer<typeof Note>;
const NoteContract: TopicContract<Note> = {
  topic: Topics.events,
  schema: Note,
  key: (note) => note.key,
};
const headers = { correlationId: 'corr-1', tenantId: 'tenant-1', traceparent: 'tp-1' };

type Received = KafkaMessage & { partition: number };

class BatchCounter implements ProducerMetrics {
  batches = 0;
  records = 0;
  failures = 0;
  batchSent(records: number): void {
    this.batches += 1;
    this.records += records;
  }
  sendFailed(): void {
    this.failures += 1;
  }
}

describe('HooklineProducer on a real broker', () => {
  let brokers: string[];
  let client: Kafka;
  let admin: Admin;
  const producers: HooklineProducer[] = [];

  beforeAll(async () => {
    brokers = testInfrastructure().kafkaBrokers.split(',');
    client = new KafkaClient({
      clientId: 'hookline-producer-test',
      brokers,
      // Keeps kafkajs's notice about bounded idempotent retries out of the test output.
      logLevel: logLevel.ERROR,
    });
    admin = client.admin();
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(producers.splice(0).map((producer) => producer.disconnect()));
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  /** A connected producer with a topic prefix (and topic) of its own. */
  async function createTopic() {
    const topicPrefix = uniqueName('p');
    const topic = prefixedTopic(topicPrefix, NoteContract.topic);
    await provisionTopics(admin, [
      { name: topic, partitions: 3, replicationFactor: 1, configs: {} },
    ]);
    return { topicPrefix, topic };
  }

  async function start(options: Partial<HooklineProducerOptions> = {}) {
    const { topicPrefix, topic } = await createTopic();
    const metrics = new BatchCounter();
    const producer = new HooklineProducer(client, { topicPrefix, metrics, ...options });
    producers.push(producer);
    await producer.connect();
    return { producer, metrics, topic };
  }

  async function readBack(topic: string, count: number): Promise<Received[]> {
    const messages: Received[] = [];
    const consumer = client.consumer({ groupId: uniqueName('g'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      let done: () => void = () => undefined;
      const all = new Promise<void>((resolve) => (done = resolve));
      const timer = setTimeout(done, 30_000);
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          messages.push({ ...message, partition });
          if (messages.length >= count) done();
        },
      });
      await all;
      clearTimeout(timer);
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  async function recordsOn(topic: string): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }

  const parse = (message: KafkaMessage): Note => Note.parse(JSON.parse(String(message.value)));

  it('coalesces 500 concurrent publishes into few batches, all landing intact', async () => {
    const { producer, metrics, topic } = await start();
    const notes = Array.from({ length: 500 }, (_, seq) => ({ key: `k${seq % 7}`, seq }));

    const results = await Promise.all(
      notes.map((note) => producer.publish(NoteContract, note, headers)),
    );

    expect(metrics.records).toBe(500);
    expect(metrics.batches).toBeLessThan(500 / 10);
    const messages = await readBack(topic, 500);
    expect(messages).toHaveLength(500);
    expect(messages.map(parse).sort((a, b) => a.seq - b.seq)).toEqual(notes);
    // Each caller got its own record's partition and offset.
    const seqAt = new Map(messages.map((m) => [`${m.partition}:${m.offset}`, parse(m).seq]));
    expect(results.map((r) => seqAt.get(`${r.partition}:${r.offset}`))).toEqual(
      notes.map((note) => note.seq),
    );
    for (const message of messages) {
      const note = parse(message);
      expect(String(message.key)).toBe(note.key);
      expect(headerText(message.headers, Headers.correlationId)).toBe('corr-1');
      expect(headerText(message.headers, Headers.tenantId)).toBe('tenant-1');
      expect(headerText(message.headers, Headers.traceparent)).toBe('tp-1');
    }
  });

  it('keeps the order of one key across many batches, and reports each record its offset', async () => {
    const { producer, metrics, topic } = await start({ maxBatchRecords: 25, lingerMs: 1 });
    const sent = Array.from({ length: 300 }, (_, seq) => ({ key: seq % 3 ? 'other' : 'k', seq }));

    const results = await Promise.all(
      sent.map((note) => producer.publish(NoteContract, note, headers)),
    );

    expect(metrics.batches).toBeGreaterThan(1);
    const mine = results.filter((_, index) => sent[index]?.key === 'k');
    expect(new Set(mine.map((r) => r.partition)).size).toBe(1);
    const offsets = mine.map((r) => BigInt(r.offset ?? '-1'));
    expect(offsets.every((offset, i) => i === 0 || offset > (offsets[i - 1] ?? -1n))).toBe(true);
    const received = (await readBack(topic, 300)).map(parse).filter((n) => n.key === 'k');
    expect(received.map((n) => n.seq)).toEqual(sent.filter((n) => n.key === 'k').map((n) => n.seq));
  });

  it('rejects a schema violation before anything is sent', async () => {
    const { producer, metrics, topic } = await start();

    await expect(
      producer.publish(NoteContract, { key: '', seq: -1 } as Note, headers),
    ).rejects.toThrow(SchemaViolation);
    await producer.flush();

    expect(metrics.batches).toBe(0);
    expect(producer.bufferedRecords).toBe(0);
    expect(await recordsOn(topic)).toBe(0);
  });

  it('holds the buffer to maxBufferedRecords: sends wait for room and all complete', async () => {
    const { producer, topic } = await start({ maxBufferedRecords: 10, maxBatchRecords: 4 });
    let highest = 0;
    const sample = () => (highest = Math.max(highest, producer.bufferedRecords));
    const sampler = setInterval(sample, 1);

    const sends = Array.from({ length: 400 }, (_, seq) => {
      const sent = producer.sendRaw({
        topic,
        key: `k${seq}`,
        value: Buffer.from(`v${seq}`),
        headers: {},
      });
      sample();
      return sent.finally(sample);
    });
    await Promise.all(sends);
    clearInterval(sampler);

    expect(highest).toBeGreaterThan(0);
    expect(highest).toBeLessThanOrEqual(10);
    expect(producer.bufferedRecords).toBe(0);
    expect(await recordsOn(topic)).toBe(400);
  });

  it('flushes pending sends on disconnect, then rejects further sends', async () => {
    // A linger far longer than the test: only disconnect's flush can send these.
    const { producer, metrics, topic } = await start({ lingerMs: 600_000 });
    const sends = Array.from({ length: 50 }, (_, seq) =>
      producer.publish(NoteContract, { key: 'k', seq }, headers),
    );
    expect(producer.bufferedRecords).toBe(50);

    await producer.disconnect();

    await expect(Promise.all(sends)).resolves.toHaveLength(50);
    expect(metrics.batches).toBe(1);
    expect(await recordsOn(topic)).toBe(50);
    await expect(producer.publish(NoteContract, { key: 'k', seq: 51 }, headers)).rejects.toThrow(
      ProducerNotConnectedError,
    );
    await expect(
      producer.sendRaw({ topic, key: null, value: Buffer.from('late'), headers: {} }),
    ).rejects.toThrow(/disconnected/);
  });

  it('rejects every caller of a failed batch, and recovers for the next one', async () => {
    const { topicPrefix, topic } = await createTopic();
    // The failure is the point here: kafkajs's error log lines would only be noise.
    const quiet = new KafkaClient({ brokers, logLevel: logLevel.NOTHING });
    const metrics = new BatchCounter();
    const producer = new HooklineProducer(quiet, { topicPrefix, metrics, retries: 1 });
    producers.push(producer);
    await producer.connect();
    const missing = `${topic}.missing`;

    const failed = await Promise.allSettled([
      producer.sendRaw({ topic: missing, key: 'a', value: Buffer.from('1'), headers: {} }),
      producer.sendRaw({ topic: missing, key: 'b', value: Buffer.from('2'), headers: {} }),
    ]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(metrics.failures).toBe(1);

    await producer.publish(NoteContract, { key: 'k', seq: 1 }, headers);
    expect(await recordsOn(topic)).toBe(1);
  });

  it('rejects sends before connect()', async () => {
    const producer = new HooklineProducer(client, { topicPrefix: uniqueName('p') });
    await expect(producer.publish(NoteContract, { key: 'k', seq: 1 }, headers)).rejects.toThrow(
      /not connected/,
    );
  });
});
