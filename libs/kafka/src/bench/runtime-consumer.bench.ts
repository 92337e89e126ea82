// The Hookline consumer runtime's side of the throughput benchmark: fills a topic with
// contract-valid 1 KiB JSON records, then reads them through HooklineConsumer (decode,
// validate, keyed lanes, commits) with a handler that does nothing, called directly or
// through another route (the NestJS transport, see transport-overhead.bench.ts).
import { performance } from 'node:perf_hooks';
import { type Admin, type Kafka } from 'kafkajs';
import { noConsumerMetrics } from '../consumer/consumer-metrics.js';
import { planConsumer } from '../consumer/consumer-plan.js';
import { createPlanTopics, testContract, type TestRecord } from '../consumer/consumer-test-kit.js';
import { type TopicHandler } from '../consumer/consumer.types.js';
import { HooklineConsumer } from '../consumer/hookline-consumer.js';
import { HooklineProducer, type ProducerCompression } from '../producer/hookline-producer.js';

const OUTSTANDING = 5_000;

export interface RuntimeConsumerFigures {
  recordsPerSec: number;
  mibPerSec: number;
  note: string;
}

/** How the runtime reaches the handler: returns the handler the consumer runs, and a cleanup. */
export type HandlerRoute = (
  handler: TopicHandler<TestRecord>,
) => Promise<{ handler: TopicHandler<unknown>; close(): Promise<void> }>;

const direct: HandlerRoute = async (handler) => ({
  handler: handler as TopicHandler<unknown>,
  close: async () => {},
});

export async function measureHooklineConsumer(
  client: Kafka,
  admin: Admin,
  prefix: string,
  records: number,
  compression: ProducerCompression,
  pool: Buffer[],
  route: HandlerRoute = direct,
): Promise<RuntimeConsumerFigures> {
  let handled = 0;
  let firstAt = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const routed = await route({
    contract: testContract,
    options: { retryTiers: ['1m'] },
    handle: async () => {
      firstAt ||= performance.now();
      if (++handled === records) finish();
    },
  });
  const plan = planConsumer(routed.handler, { service: 'bench', topicPrefix: prefix });
  await createPlanTopics(client, plan, 3);

  // Same kind of payload as the other rows: 1 KiB of random letters, here inside JSON.
  const producer = new HooklineProducer(client, { topicPrefix: prefix, compression });
  await producer.connect();
  let bytes = 0;
  const inFlight = new Set<Promise<unknown>>();
  for (let id = 0; id < records; id++) {
    const pad = (pool[id % pool.length] ?? Buffer.alloc(0)).toString('latin1', 0, 990);
    const value = { id, key: `key-${id % 64}`, pad };
    bytes += 1_024;
    const sent = producer.publish(testContract, value, {
      correlationId: `c${id}`,
      tenantId: 'bench',
    });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
    if (inFlight.size >= OUTSTANDING) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);

  const consumer = new HooklineConsumer(client, plan, producer, noConsumerMetrics);
  const startedAt = performance.now();
  await consumer.start();
  await finished;
  const endedAt = performance.now();
  const seconds = (endedAt - firstAt) / 1_000;
  await consumer.stop();
  await routed.close();
  await producer.disconnect();
  await admin.deleteTopics({
    topics: [plan.mainTopic, ...plan.tiers.map((tier) => tier.topic), plan.deadLetterTopic],
  });
  return {
    recordsPerSec: records / seconds,
    mibPerSec: bytes / seconds / (1024 * 1024),
    note: `incl. group join: ${Math.round(records / ((endedAt - startedAt) / 1_000))} rec/s; decode + validate per record, commits`,
  };
}
