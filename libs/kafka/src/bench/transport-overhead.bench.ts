// The consumer runtime with its handler called directly (as before the NestJS transport)
// and through the transport (NestJS's handler chain: param decorators, pipes,
// interceptors, filters), in alternating rounds on one broker. Not a test: it prints
// figures and the limit. Run with `npx nx run kafka:bench-transport` (docs/kafka.md).
import kafkajs from 'kafkajs';
import { measureHooklineConsumer } from './runtime-consumer.bench.js';
import { throughTransport } from './transport-route.js';

const { Kafka, CompressionTypes, logLevel } = kafkajs;

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const BROKERS = env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
const RECORDS = Number(env['BENCH_RECORDS'] ?? 50_000);
const ROUNDS = Number(env['BENCH_ROUNDS'] ?? 3);
/** The transport may cost at most this share of the direct throughput (noise included). */
const LIMIT = 0.1;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const client = new Kafka({
    clientId: 'hookline-bench',
    brokers: BROKERS.split(','),
    logLevel: logLevel.ERROR,
  });
  const admin = client.admin();
  await admin.connect().catch((cause: unknown) => {
    throw new Error(`no Kafka broker at ${BROKERS} (start one: npm run infra -- up)`, { cause });
  });
  const pool = Array.from({ length: 256 }, (_, i) => Buffer.alloc(1_024, 65 + (i % 26)));
  const figures = { direct: [] as number[], transport: [] as number[] };
  console.log(
    `${RECORDS} records of 1 KiB, 3 partitions, ${ROUNDS} rounds each, broker ${BROKERS}\n`,
  );
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternating, so that drift in the machine's load hits both alike.
      for (const [name, route] of [
        ['direct', undefined],
        ['transport', throughTransport],
      ] as const) {
        const measured = await measureHooklineConsumer(
          client,
          admin,
          `bench-${name}-${round}-${Date.now().toString(36)}`,
          RECORDS,
          CompressionTypes.None,
          pool,
          route,
        );
        figures[name].push(measured.recordsPerSec);
        console.log(
          `round ${round} ${name.padEnd(9)} ${measured.recordsPerSec.toFixed(0)} records/s`,
        );
      }
    }
  } finally {
    await admin.disconnect();
  }
  const direct = median(figures.direct);
  const transport = median(figures.transport);
  const loss = 1 - transport / direct;
  console.log('');
  console.log('route                                    median records/s');
  console.log(`handler called directly                  ${direct.toFixed(0)}`);
  console.log(`through the NestJS transport             ${transport.toFixed(0)}`);
  console.log(
    `loss ${(loss * 100).toFixed(1)} % (limit ${(LIMIT * 100).toFixed(0)} %): ${loss <= LIMIT ? 'within' : 'OVER'} the limit`,
  );
  if (loss > LIMIT) process.exitCode = 1;
}

await main();
