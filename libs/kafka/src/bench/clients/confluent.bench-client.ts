import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { type KafkaJS } from '@confluentinc/kafka-javascript';
import { type BenchClient, batchCounter, MIB, sendInBatches } from './bench-client.js';

type ConfluentModule = { KafkaJS: typeof KafkaJS };

/**
 * @confluentinc/kafka-javascript (librdkafka underneath) through its KafkaJS-compatible
 * API, with its defaults but for acks=all and idempotence. Its native part is built on
 * demand (tools/scripts/build-kafka-javascript.mjs); without it this throws at load.
 */
export async function confluentBenchClient(brokers: string[]): Promise<BenchClient> {
  const loaded = (await import('@confluentinc/kafka-javascript')) as ConfluentModule & {
    default?: ConfluentModule;
  };
  const { Kafka, logLevel } = (loaded.default ?? loaded).KafkaJS;
  const client = new Kafka({
    kafkaJS: { clientId: 'hookline-bench-confluent', brokers, logLevel: logLevel.ERROR },
  });
  const { version } = createRequire(import.meta.url)(
    '@confluentinc/kafka-javascript/package.json',
  ) as { version: string };
  return {
    name: `@confluentinc/kafka-javascript ${version}`,
    async produce(topic, records, pool) {
      const producer = client.producer({ kafkaJS: { acks: -1, idempotent: true } });
      await producer.connect();
      try {
        const seconds = await sendInBatches(records, pool, (values) =>
          producer.send({ topic, messages: values.map((value) => ({ value })) }),
        );
        const bytes = records * (pool[0]?.length ?? 0);
        return { recordsPerSec: records / seconds, mibPerSec: bytes / MIB / seconds };
      } finally {
        await producer.disconnect();
      }
    },
    async consume(topic, records) {
      const consumer = client.consumer({
        kafkaJS: { groupId: `bench-${randomBytes(4).toString('hex')}`, fromBeginning: true },
      });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic] });
        const counter = batchCounter(records);
        await consumer.run({
          eachBatch: async ({ batch }) =>
            counter.add(batch.messages.map((message) => message.value)),
        });
        return await counter.finished;
      } finally {
        await consumer.disconnect();
      }
    },
  };
}
