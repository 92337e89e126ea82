// `npx nx run proof:kafka-requests`: what the producer's codec and linger and the
// consumer's fetch settings cost per record, on the broker and in the client. Starts
// Kafka with deploy/local's launcher (reused if running) and, per setting, produces
// 1,000 records/s of 900 bytes (keyed, three partitions, acks=all) for BENCH_SECONDS
// (default 8) while one consumer group reads them; prints the broker's CPU (from /proc)
// and this process's CPU per record, and fetches per second, beside the load average.
// The first row is kafkajs's own defaults; a warm-up run comes first (the broker's JIT).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureKafka } from '@hookline/local-infra';
import kafkajs from 'kafkajs';
import { loadAverage, processTreeCpuSeconds } from '../harness/proc.js';

const { Kafka, CompressionTypes, logLevel } = kafkajs;
// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const seconds = Number(env['BENCH_SECONDS'] ?? 8);
const rate = Number(env['BENCH_RATE'] ?? 1_000);
const say = (line: string) => process.stdout.write(`[kafka-requests] ${line}\n`);

interface Setting {
  label: string;
  gzip: boolean;
  lingerMs: number;
  minBytes: number;
  maxWaitMs: number;
}

const SETTINGS: Setting[] = [
  {
    label: 'gzip, 5 ms linger, fetch 1 B / 1000 ms',
    gzip: true,
    lingerMs: 5,
    minBytes: 1,
    maxWaitMs: 1_000,
  },
  {
    label: 'none, 5 ms linger, fetch 1 B / 1000 ms',
    gzip: false,
    lingerMs: 5,
    minBytes: 1,
    maxWaitMs: 1_000,
  },
  {
    label: 'none, 10 ms linger, fetch 1 B / 1000 ms',
    gzip: false,
    lingerMs: 10,
    minBytes: 1,
    maxWaitMs: 1_000,
  },
  {
    label: 'none, 20 ms linger, fetch 1 B / 1000 ms',
    gzip: false,
    lingerMs: 20,
    minBytes: 1,
    maxWaitMs: 1_000,
  },
  {
    label: 'none, 10 ms linger, fetch 64 KiB / 50 ms',
    gzip: false,
    lingerMs: 10,
    minBytes: 65_536,
    maxWaitMs: 50,
  },
];

async function main(): Promise<void> {
  const kafka = await ensureKafka({ log: say });
  const client = new Kafka({ brokers: kafka.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  const rows: string[] = [];
  try {
    await trial(client, admin, kafka.pid, { ...SETTINGS[1]!, label: 'warm-up' }, 4);
    for (const setting of SETTINGS) {
      const result = await trial(client, admin, kafka.pid, setting, seconds);
      say(
        `${setting.label}: broker ${result.brokerUs} µs/record, client ${result.clientUs} µs/record`,
      );
      rows.push(
        `| ${setting.label} | ${result.brokerUs} | ${result.clientUs} | ${result.fetchesPerSec} | ${result.records} | ${loadAverage()} |`,
      );
    }
  } finally {
    await admin.disconnect();
    await kafka.stop();
  }
  process.stdout.write(
    [
      '',
      `${rate} records/s of 900 bytes for ${seconds} s per setting, Kafka ${kafka.version}`,
      '',
      '| producer codec, linger; consumer fetch min bytes / max wait | broker CPU µs / record | client CPU µs / record (produce + consume) | fetches/s | records | load average at end |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

async function trial(
  client: InstanceType<typeof Kafka>,
  admin: kafkajs.Admin,
  brokerPid: number,
  setting: Setting,
  forSeconds: number,
): Promise<{ brokerUs: number; clientUs: number; fetchesPerSec: number; records: number }> {
  const topic = `kafka-requests-${randomBytes(4).toString('hex')}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const producer = client.producer();
  const consumer = client.consumer({
    groupId: topic,
    minBytes: setting.minBytes,
    maxWaitTimeInMs: setting.maxWaitMs,
  });
  let received = 0;
  let fetches = 0;
  consumer.on(consumer.events.FETCH, () => (fetches += 1));
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
      },
    });
    while (!joined) await sleep(50);
    const value = Buffer.alloc(900, 'x');
    const brokerBefore = processTreeCpuSeconds(brokerPid);
    const clientBefore = process.cpuUsage();
    const fetchesBefore = fetches;
    const started = Date.now();
    let sent = 0;
    const sends: Promise<unknown>[] = [];
    // One request per linger period with what arrived meanwhile, as the services' producer sends.
    while (Date.now() - started < forSeconds * 1_000) {
      const due = Math.floor(((Date.now() - started) / 1_000) * rate) - sent;
      if (due > 0) {
        const messages = Array.from({ length: due }, (_, index) => ({
          key: `key-${sent + index}`,
          value,
        }));
        sent += due;
        sends.push(
          producer.send({
            topic,
            acks: -1,
            compression: setting.gzip ? CompressionTypes.GZIP : CompressionTypes.None,
            messages,
          }),
        );
      }
      await sleep(setting.lingerMs);
    }
    await Promise.all(sends);
    while (received < sent) await sleep(20);
    const elapsed = (Date.now() - started) / 1_000;
    const own = process.cpuUsage(clientBefore);
    return {
      brokerUs: Math.round(((processTreeCpuSeconds(brokerPid) - brokerBefore) * 1e6) / sent),
      clientUs: Math.round((own.user + own.system) / sent),
      fetchesPerSec: Math.round((fetches - fetchesBefore) / elapsed),
      records: sent,
    };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
}

await main();
