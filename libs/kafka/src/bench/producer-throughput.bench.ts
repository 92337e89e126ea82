// Producer and consumer throughput: Kafka's own perf tools vs HooklineProducer and a plain
// kafkajs consumer, on the broker at KAFKA_BROKERS (default the local one). Not a test: it
// prints figures. Run with `npx nx run kafka:bench` (see docs/kafka-producer.md).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import kafkajs, { type Admin, type Kafka } from 'kafkajs';
import { HooklineProducer, type ProducerCompression } from '../producer/hookline-producer.js';
import { measureHooklineConsumer } from './runtime-consumer.bench.js';

const { Kafka: KafkaClient, CompressionTypes, logLevel } = kafkajs;

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const BROKERS = env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
const RECORDS = Number(env['BENCH_RECORDS'] ?? 200_000);
const RECORD_SIZE = 1024;
const OUTSTANDING = 5_000;
const MIB = 1024 * 1024;

interface Row {
  tool: string;
  compression: string;
  recordsPerSec?: number;
  mibPerSec?: number;
  p50Ms?: number;
  p99Ms?: number;
  note?: string;
}
type Figures = Omit<Row, 'tool' | 'compression'>;
const row = (tool: string, compression: string, figures: Figures): Row => ({
  tool,
  compression,
  ...figures,
});

function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the workspace root (nx.json)');
    dir = parent;
  }
  return dir;
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4_000)));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err}${out}`)),
    );
  });
}

/** The embedded broker's Maven classpath; it includes kafka-tools (the perf tools). */
async function kafkaClasspath(root: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-'));
  try {
    const file = join(dir, 'classpath.txt');
    const goal = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath';
    const pom = join(root, 'deploy/local/kafka/pom.xml');
    await run('mvn', ['-B', '-q', '-f', pom, goal, `-Dmdep.outputFile=${file}`], root);
    return readFileSync(file, 'utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const java = (root: string, classpath: string, main: string, args: string[]) =>
  run('java', ['-cp', classpath, `org.apache.kafka.tools.${main}`, ...args], root);

/** ProducerPerformance's final line: "N records sent, R records/sec (M MB/sec), ... 50th, ... 99th, ...". */
async function javaProducer(root: string, cp: string, topic: string, codec: string): Promise<Row> {
  const out = await java(root, cp, 'ProducerPerformance', [
    ...['--topic', topic, '--num-records', String(RECORDS), '--record-size', String(RECORD_SIZE)],
    ...['--throughput', '-1', '--producer-props', `bootstrap.servers=${BROKERS}`, 'acks=all'],
    ...['enable.idempotence=true', `compression.type=${codec}`, 'linger.ms=5'],
  ]);
  const summary = out.trim().split('\n').at(-1) ?? '';
  const match =
    /records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\).* (\d+) ms 50th, .* (\d+) ms 99th/.exec(
      summary,
    );
  if (!match) throw new Error(`unexpected ProducerPerformance output: ${summary}`);
  const [, recordsPerSec, mibPerSec, p50Ms, p99Ms] = match.map(Number);
  return row('kafka ProducerPerformance', codec, { recordsPerSec, mibPerSec, p50Ms, p99Ms });
}

/**
 * Payloads like ProducerPerformance's (3.9: each record RECORD_SIZE random bytes from 'A'-'Z',
 * so gzip saves ~40%): a pool of 4096 distinct ones, generated before timing. 4096 × 1 KiB is
 * far beyond deflate's 32 KiB window, so reuse does not make them compress better.
 */
function payloadPool(): Buffer[] {
  return Array.from({ length: 4096 }, () => {
    const bytes = randomBytes(RECORD_SIZE);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 65 + ((bytes[i] ?? 0) % 26);
    return bytes;
  });
}

async function hooklineProducer(
  client: Kafka,
  topic: string,
  compression: ProducerCompression,
  pool: Buffer[],
): Promise<Row> {
  const producer = new HooklineProducer(client, { topicPrefix: '', compression });
  await producer.connect();
  const latencies = new Float64Array(RECORDS);
  let next = 0;
  const started = performance.now();
  // Keeps OUTSTANDING sends in flight: each worker sends its next record once the last is acked.
  const worker = async () => {
    while (next < RECORDS) {
      const index = next++;
      const sent = performance.now();
      const value = pool[index % pool.length] ?? null;
      await producer.sendRaw({ topic, key: null, value, headers: {} });
      latencies[index] = performance.now() - sent;
    }
  };
  await Promise.all(Array.from({ length: Math.min(OUTSTANDING, RECORDS) }, worker));
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  latencies.sort();
  const percentile = (p: number) => latencies[Math.min(RECORDS - 1, Math.floor(RECORDS * p))];
  return row('HooklineProducer', compression === CompressionTypes.GZIP ? 'gzip' : 'none', {
    recordsPerSec: RECORDS / seconds,
    mibPerSec: (RECORDS * RECORD_SIZE) / MIB / seconds,
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
  });
}

/** ConsumerPerformance's fetch-phase figures (its totals include the group join). */
async function javaConsumer(root: string, cp: string, topic: string, codec: string): Promise<Row> {
  const out = await java(root, cp, 'ConsumerPerformance', [
    ...['--bootstrap-server', BROKERS, '--topic', topic, '--messages', String(RECORDS)],
    ...['--timeout', '60000'],
  ]);
  const lines = out.trim().split('\n');
  const header = lines.findIndex((line) => line.startsWith('start.time'));
  const names = (lines[header] ?? '').split(',').map((name) => name.trim());
  const values = (lines[header + 1] ?? '').split(',').map((value) => value.trim());
  const field = (name: string) => Number(values[names.indexOf(name)]);
  return row('kafka ConsumerPerformance', codec, {
    recordsPerSec: field('fetch.nMsg.sec'),
    mibPerSec: field('fetch.MB.sec'),
    note: `incl. group join: ${field('nMsg.sec').toFixed(0)} rec/s`,
  });
}

/** A plain kafkajs consumer (defaults, eachBatch), timed from its first batch to the last. */
async function kafkajsConsumer(client: Kafka, topic: string, codec: string): Promise<Row> {
  const consumer = client.consumer({ groupId: `bench-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let count = 0;
  let bytes = 0;
  let first = 0;
  const joinStarted = performance.now();
  const finished = new Promise<number>((resolve, reject) => {
    setTimeout(
      () => reject(new Error(`kafkajs consumer: only ${count} records in 5 min`)),
      300_000,
    ).unref();
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (count === 0) first = performance.now();
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        count += batch.messages.length;
        if (count >= RECORDS) resolve(performance.now());
      },
    });
  });
  const done = await finished;
  await consumer.disconnect();
  const seconds = (done - first) / 1000;
  return row('kafkajs consumer (eachBatch)', codec, {
    recordsPerSec: count / seconds,
    mibPerSec: bytes / MIB / seconds,
    note: `incl. group join: ${(count / ((done - joinStarted) / 1000)).toFixed(0)} rec/s`,
  });
}

function printTable(rows: Row[]): void {
  const fmt = (value: number | undefined, digits: number) =>
    value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
  const table = [
    ['tool', 'compression', 'records/s', 'MiB/s', 'p50 ms', 'p99 ms', 'note'],
    ...rows.map((r) =>
      [r.tool, r.compression, fmt(r.recordsPerSec, 0), fmt(r.mibPerSec, 1)].concat([
        fmt(r.p50Ms, 1),
        fmt(r.p99Ms, 1),
        r.note ?? '',
      ]),
    ),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => r[i]?.length ?? 0))) ?? [];
  for (const r of table)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

const CODECS = [
  { name: 'gzip', type: CompressionTypes.GZIP },
  { name: 'none', type: CompressionTypes.None },
] as const;

async function main(): Promise<void> {
  const root = workspaceRoot();
  const brokers = BROKERS.split(',');
  const client = new KafkaClient({ clientId: 'hookline-bench', brokers, logLevel: logLevel.ERROR });
  const admin: Admin = client.admin();
  await admin.connect().catch((cause: unknown) => {
    throw new Error(`no Kafka broker at ${BROKERS} (start one: npm run infra -- up)`, { cause });
  });
  const classpath = await kafkaClasspath(root);
  const prefix = `bench-${Date.now().toString(36)}`;
  const topics: string[] = [];
  const createTopic = async (name: string) => {
    const topic = `${prefix}-${name}`;
    const spec = { topic, numPartitions: 3, replicationFactor: 1 };
    await admin.createTopics({ topics: [spec], waitForLeaders: true });
    topics.push(topic);
    return topic;
  };
  const pool = payloadPool();
  const rows: Row[] = [];
  const measured = (added: Row) => {
    rows.push(added);
    console.log(`measured ${added.tool} (${added.compression})`);
  };
  console.log(`${RECORDS} records of ${RECORD_SIZE} B, 3 partitions, RF 1, broker ${BROKERS}\n`);
  try {
    for (const codec of CODECS) {
      const javaTopic = await createTopic(`java-${codec.name}`);
      measured(await javaProducer(root, classpath, javaTopic, codec.name));
      const hooklineTopic = await createTopic(`hookline-${codec.name}`);
      measured(await hooklineProducer(client, hooklineTopic, codec.type, pool));
    }
    // Consumers read the topics ProducerPerformance filled (RECORDS records each).
    for (const codec of CODECS) {
      const topic = `${prefix}-java-${codec.name}`;
      measured(await javaConsumer(root, classpath, topic, codec.name));
      measured(await kafkajsConsumer(client, topic, codec.name));
      const runtime = await measureHooklineConsumer(
        client,
        admin,
        `${prefix}-rt-${codec.name}`,
        RECORDS,
        codec.type,
        pool,
      );
      measured(row('Hookline consumer runtime', codec.name, runtime));
    }
  } finally {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
  console.log('');
  printTable(rows);
}

await main();
