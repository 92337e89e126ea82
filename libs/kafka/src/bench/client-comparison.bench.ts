// Producer and consumer records/s of the Kafka client libraries Hookline could run on,
// under the same load on the same broker in one run: kafkajs (today's) and
// @confluentinc/kafka-javascript (librdkafka, KafkaJS-compatible API). Not a test: it
// prints figures. Run with `npx nx run kafka:bench-clients` (see docs/kafka.md).
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { type BenchClient, BATCH, type ClientFigures, IN_FLIGHT } from './clients/bench-client.js';
import { confluentBenchClient } from './clients/confluent.bench-client.js';
import { kafkajsBenchClient } from './clients/kafkajs.bench-client.js';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const BROKERS = env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
const RECORDS = Number(env['BENCH_RECORDS'] ?? 200_000);
const RECORD_SIZE = 1024;

interface Row extends Partial<ClientFigures> {
  client: string;
  side: 'producer' | 'consumer';
}

function printTable(rows: Row[]): void {
  const fmt = (value: number | undefined, digits: number) =>
    value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
  const table = [
    ['client', 'side', 'records/s', 'MiB/s', 'note'],
    ...rows.map((row) => [
      row.client,
      row.side,
      fmt(row.recordsPerSec, 0),
      fmt(row.mibPerSec, 1),
      row.note ?? '',
    ]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => r[i]?.length ?? 0))) ?? [];
  for (const row of table)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

async function main(): Promise<void> {
  const brokers = BROKERS.split(',');
  const admin = new kafkajs.Kafka({
    clientId: 'hookline-bench',
    brokers,
    logLevel: kafkajs.logLevel.ERROR,
  }).admin();
  await admin.connect().catch((cause: unknown) => {
    throw new Error(`no Kafka broker at ${BROKERS} (start one: npm run infra -- up)`, { cause });
  });
  const pool = Array.from({ length: 4096 }, () => {
    const bytes = randomBytes(RECORD_SIZE);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 65 + ((bytes[i] ?? 0) % 26);
    return bytes;
  });
  const clients: (BenchClient | { name: string; unavailable: string })[] = [
    kafkajsBenchClient(brokers),
    await confluentBenchClient(brokers).catch((error: unknown) => ({
      name: '@confluentinc/kafka-javascript',
      unavailable: `not loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); build it: node tools/scripts/build-kafka-javascript.mjs`,
    })),
  ];
  const prefix = `bench-clients-${Date.now().toString(36)}`;
  const topics: string[] = [];
  const rows: Row[] = [];
  console.log(
    `${RECORDS} records of ${RECORD_SIZE} B, ${BATCH} per send, ${IN_FLIGHT} sends in flight, acks=all, idempotent, no compression, 3 partitions, RF 1, broker ${BROKERS}\n`,
  );
  try {
    for (const client of clients) {
      if ('unavailable' in client) {
        rows.push({ client: client.name, side: 'producer', note: client.unavailable });
        rows.push({ client: client.name, side: 'consumer', note: client.unavailable });
        continue;
      }
      const topic = `${prefix}-${topics.length}`;
      await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      topics.push(topic);
      rows.push({
        client: client.name,
        side: 'producer',
        ...(await client.produce(topic, RECORDS, pool)),
      });
      console.log(`measured ${client.name} producer`);
      // Each consumer reads what its own library produced: the same records either way.
      rows.push({
        client: client.name,
        side: 'consumer',
        ...(await client.consume(topic, RECORDS)),
      });
      console.log(`measured ${client.name} consumer`);
    }
  } finally {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
  console.log('');
  printTable(rows);
}

await main();
