import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { type BenchClient, batchCounter, MIB, sendInBatches } from './bench-client.js';

const { Kafka, logLevel } = kafkajs;

/** kafkajs 2.2.4 (pure JavaScript), with its defaults but for acks=all and idempotence. */
export function kafkajsBenchClient(brokers: string[]): BenchClient {
  const client = new Kafka({
    clientId: 'hookline-bench-kafkajs',
    brokers,
    logLevel: logLevel.ERROR,
  });
  return {
    name: 'kafkajs 2.2.4',
    async produce(topic, records, pool) {
      const producer = client.producer({ idempotent: true });
      await producer.connect();
      try {
        const seconds = await sendInBatches(records, pool, (values) =>
          producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) }),
        );
        const bytes = records * (pool[0]?.length ?? 0);
        return { recordsPerSec: records / seconds, mibPerSec: bytes / MIB / seconds };
      } finally {
        await producer.disconnect();
      }
    },
    async consume(topic, records) {
      const consumer = client.consumer({ groupId: `bench-${randomBytes(4).toString('hex')}` });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
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
