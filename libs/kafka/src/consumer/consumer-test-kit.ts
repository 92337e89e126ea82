import { setTimeout as sleep } from 'node:timers/promises';
import { Topics, type TopicContract } from '@hookline/contracts';
import kafkajs, { type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { z } from 'zod';
import { provisionTopics } from '../topology/topic-provisioner.js';
import { type ConsumerPlan, type OutgoingRecord, type RecordForwarder } from './consumer.types.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** A small contract for runtime tests: the topic name is real, the schema is the test's. */
export const TestRecord = z.object({ id: z.number().int(), key: z.string() });
export type TestRecord = z.infer<typeof TestRecord>;
export const testContract: TopicContract<TestRecord> = {
  topic: Topics.events,
  schema: TestRecord,
  key: (record) => record.key,
};

export function testClient(brokers: string, clientId = 'hookline-consumer-test'): Kafka {
  return new KafkaClient({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** Creates a plan's main, tier and dead-letter topics. */
export async function createPlanTopics<T>(
  client: Kafka,
  plan: ConsumerPlan<T>,
  partitions = 3,
): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    const names = [
      ...new Set([plan.mainTopic, ...plan.tiers.map((tier) => tier.topic), plan.deadLetterTopic]),
    ];
    // Through the provisioner: kafkajs's own createTopics can fail while a fresh
    // broker's metadata catches up with its controller.
    await provisionTopics(
      admin,
      names.map((name) => ({ name, partitions, replicationFactor: 1, configs: {} })),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Forwards with a plain idempotent kafkajs producer. */
export class KafkajsForwarder implements RecordForwarder {
  private constructor(private readonly producer: Producer) {}

  static async connect(client: Kafka): Promise<KafkajsForwarder> {
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new KafkajsForwarder(producer);
  }

  async sendRaw(record: OutgoingRecord): Promise<unknown> {
    return this.producer.send({
      topic: record.topic,
      acks: -1,
      messages: [{ key: record.key, value: record.value, headers: record.headers }],
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Collects every record of `topic` from the beginning, for assertions. */
export async function collect(
  client: Kafka,
  topic: string,
): Promise<{ messages: KafkaMessage[]; stop(): Promise<void> }> {
  const messages: KafkaMessage[] = [];
  const consumer = client.consumer({
    groupId: `collector-${topic}-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return { messages, stop: () => consumer.disconnect() };
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
