// The limits each Hookline figure is printed against, measured in the same run on the same
// machine: Kafka's own producer and end-to-end tools, a bare Fastify route with the same
// HMAC check, a plain batched INSERT on the same PostgreSQL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startChild } from '@hookline/testing';
import { percentile } from './stats.js';
import { Traffic } from '../harness/traffic.js';

export interface KafkaLimits {
  /** The producer settings it was measured with (the services'). */
  producerSettings: string;
  producerRecordsPerSec: number;
  producerP50Ms: number;
  producerP99Ms: number;
  endToEndP50Ms: number;
  endToEndP99Ms: number;
}

export interface HttpLimit {
  acceptedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
}

/** Runs a Kafka tool class on the broker's own jars; resolves with its output. */
function kafkaTool(
  java: string,
  classpath: string,
  mainClass: string,
  args: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(java, ['-Xmx256m', '-cp', classpath, mainClass, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${mainClass} exited ${code}: ${output.slice(-2_000)}`)),
    );
  });
}

/** The classpath the launcher resolved for the broker (cached in its state folder). */
export function brokerClasspath(kafkaStateDir: string): string {
  const file = readdirSync(kafkaStateDir).find((name) => /^classpath-[0-9a-f]+\.txt$/.test(name));
  if (!file) throw new Error(`no resolved Kafka classpath in ${kafkaStateDir}`);
  return readFileSync(join(kafkaStateDir, file), 'utf8').trim();
}

export async function measureKafka(options: {
  java: string;
  classpath: string;
  brokers: string;
  records: number;
  recordBytes: number;
  /** The services' producer settings, so that the limit is measured as they send. */
  compression: 'gzip' | 'none';
  lingerMs: number;
}): Promise<KafkaLimits> {
  const { java, classpath, brokers } = options;
  const topic = `bench-limit-${randomBytes(3).toString('hex')}`;
  await kafkaTool(java, classpath, 'org.apache.kafka.tools.TopicCommand', [
    ...['--bootstrap-server', brokers, '--create', '--topic', topic],
    ...['--partitions', '3', '--replication-factor', '1'],
  ]);
  // The services' producer settings: acks from all in-sync replicas, their codec and linger.
  const producer = await kafkaTool(java, classpath, 'org.apache.kafka.tools.ProducerPerformance', [
    ...['--topic', topic, '--num-records', String(options.records)],
    ...['--record-size', String(options.recordBytes), '--throughput', '-1'],
    ...['--producer-props', `bootstrap.servers=${brokers}`, 'acks=all'],
    `linger.ms=${options.lingerMs}`,
    `compression.type=${options.compression}`,
  ]);
  const summary = producer.trim().split('\n').pop() ?? '';
  const number = (pattern: RegExp, text: string) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
  const e2eTopic = `${topic}-e2e`;
  await kafkaTool(java, classpath, 'org.apache.kafka.tools.TopicCommand', [
    ...['--bootstrap-server', brokers, '--create', '--topic', e2eTopic],
    ...['--partitions', '1', '--replication-factor', '1'],
  ]);
  const latency = await kafkaTool(java, classpath, 'org.apache.kafka.tools.EndToEndLatency', [
    ...['--bootstrap-server', brokers, '--topic', e2eTopic, '--num-records', '2000'],
    ...['--producer-acks', 'all', '--record-size', String(options.recordBytes)],
  ]).catch(() =>
    // The positional form of Kafka 3.9 (and 4.x before the named options).
    kafkaTool(java, classpath, 'org.apache.kafka.tools.EndToEndLatency', [
      ...[brokers, e2eTopic, '2000', 'all', String(options.recordBytes)],
    ]),
  );
  return {
    producerSettings: `acks=all, ${options.compression === 'none' ? 'no compression' : options.compression}, ${options.lingerMs} ms linger`,
    producerRecordsPerSec: number(/([\d.]+) records\/sec/, summary),
    producerP50Ms: number(/(\d+) ms 50th/, summary),
    producerP99Ms: number(/(\d+) ms 99th/, summary),
    endToEndP50Ms: number(/50th = ([\d.]+)/, latency),
    endToEndP99Ms: number(/99th = ([\d.]+)/, latency),
  };
}

/** The bare route as its own process, driven like ingest is, for `seconds`. */
export async function measureBareRoute(options: {
  script: string;
  secret: string;
  seconds: number;
  concurrency: number;
}): Promise<HttpLimit> {
  const port = await freePort();
  const route = startChild(options.script, {}, [String(port), options.secret]);
  try {
    await route.waitForLine(/listening/, 30_000);
    const traffic = new Traffic(
      `http://127.0.0.1:${port}`,
      { bare: options.secret },
      options.concurrency,
    );
    const started = Date.now();
    const run = randomBytes(3).toString('hex');
    await traffic.offer({
      rate: Infinity,
      concurrency: options.concurrency,
      until: () => Date.now() - started >= options.seconds * 1_000,
      next: (index) => ({
        sourceId: 'bare',
        id: `evt_bare_${run}_${index}`,
        customer: 'cus_bare',
        amountPaid: 5_000,
        destinations: [],
      }),
    });
    const elapsed = (Date.now() - started) / 1_000;
    await traffic.close();
    const latencies = traffic.ackLatencies;
    return {
      acceptedPerSec: latencies.length / elapsed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      p999Ms: percentile(latencies, 99.9),
    };
  } finally {
    route.child.kill('SIGTERM');
    await route.exited;
  }
}

/** Rows/s of a plain batched INSERT of raw-webhook-sized rows on the same server. */
export async function measureBatchedInsert(options: {
  databaseUrl: string;
  seconds: number;
  batch: number;
  concurrency: number;
  bodyBytes: number;
}): Promise<number> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency });
  const table = `bench_insert_${randomBytes(3).toString('hex')}`;
  try {
    await pool.query(
      `CREATE TABLE ${table} (id text PRIMARY KEY, source_id text NOT NULL, headers jsonb NOT NULL, body bytea NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`,
    );
    const body = randomBytes(options.bodyBytes / 2).toString('hex');
    const headers = JSON.stringify({
      'content-type': 'application/json',
      'stripe-signature': 'x'.repeat(90),
    });
    let rows = 0;
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (Date.now() - started < options.seconds * 1_000) {
          const ids = Array.from({ length: options.batch }, () => `raw_${next++}`);
          await pool.query(
            `INSERT INTO ${table} (id, source_id, headers, body)
               SELECT id, 'bench', $2::jsonb, convert_to($3, 'UTF8') FROM unnest($1::text[]) AS id`,
            [ids, headers, body],
          );
          rows += ids.length;
        }
      }),
    );
    return rows / ((Date.now() - started) / 1_000);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await pool.end();
  }
}
