import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type IntegrationEvent } from '@hookline/contracts';
import { testInfrastructure, uniqueName } from './test-context.js';
import kafkajs, { type Consumer, type KafkaMessage, type Message, type Producer } from 'kafkajs';

/** Writes a `hookline.yaml` for one test into a folder of its own; returns its path. */
export function writeTestConfig(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hookline-config-')), 'hookline.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** A valid canonical event, for tests that feed a stage directly. */
export function sampleIntegrationEvent(
  overrides: Partial<IntegrationEvent> = {},
): IntegrationEvent {
  const now = new Date().toISOString();
  return {
    id: 'evt_sample',
    source: 'hookline://acme/sources/acme-stripe',
    specversion: '1.0',
    type: 'stripe.invoice.paid',
    subject: 'stripe:in_1',
    time: now,
    datacontenttype: 'application/json',
    data: { amount_paid: 4200 },
    tenantid: 'acme',
    provider: 'stripe',
    providereventid: 'evt_1',
    idempotencykey: 'stripe:invoice.paid:evt_1',
    raweventid: 'raw_1',
    schemaversion: 1,
    ...overrides,
  };
}

/**
 * Feeds and watches a stage's topics from outside, as another service would: `send`
 * writes records, every record of the watched topics is kept from the beginning.
 * Topic names are given without the test's prefix.
 */
export class TopicObserver {
  private readonly received = new Map<string, KafkaMessage[]>();

  private constructor(
    private readonly prefix: string,
    private readonly producer: Producer,
    private readonly consumer: Consumer,
  ) {}

  static async start(brokers: string[], prefix: string, watched: string[]): Promise<TopicObserver> {
    const kafka = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const consumer = kafka.consumer({ groupId: `${prefix}-observer`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({
      topics: watched.map((topic) => `${prefix}.${topic}`),
      fromBeginning: true,
    });
    const observer = new TopicObserver(prefix, producer, consumer);
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const name = topic.slice(prefix.length + 1);
        observer.received.set(name, [...(observer.received.get(name) ?? []), message]);
      },
    });
    return observer;
  }

  messages(topic: string): KafkaMessage[] {
    return this.received.get(topic) ?? [];
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic: `${this.prefix}.${topic}`, acks: -1, messages });
  }

  /** Resolves with the topic's records once it has `count` of them (or rejects after `timeoutMs`). */
  async waitFor(topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages(topic).length < count) {
      if (Date.now() > deadline)
        throw new Error(
          `${topic}: ${this.messages(topic).length} of ${count} records after ${timeoutMs} ms`,
        );
      await sleep(50);
    }
    return this.messages(topic);
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }
}

/**
 * The environment of a service run as a process by a pipeline test: the shared test
 * servers, a topic prefix of the test's own, single-node topics and quiet logs.
 */
export function serviceProcessEnv(
  configPath: string,
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HOOKLINE_CONFIG: configPath,
    HOOKLINE_TOPIC_PREFIX: uniqueName(),
    HOOKLINE_TOPIC_PARTITIONS: '2',
    HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
    HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
    KAFKA_BROKERS: testInfrastructure().kafkaBrokers,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
