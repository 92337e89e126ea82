// The replay benchmark (not a test; it prints figures beside their limits). Starts the
// compiled executor and replay services as child processes against the local Kafka and
// PostgreSQL, with a local sink as the destination. Live delivery tasks flow into
// `hookline.deliveries.v1` at a fixed rate throughout; first alone (the baseline p99 from
// produce to the sink), then while a replay job sends 100 000 recorded dead letters to the
// replay lane. Prints the job's throughput (records/s to the lane), how fast the executor
// delivered the replayed records, and the live p99 beside the baseline. Needs
// `npm run infra -- up` (or KAFKA_BROKERS and DATABASE_URL). Run with
// `npx nx run replay:bench`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import pg from 'pg';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const RECORDS = Number(env['BENCH_RECORDS'] ?? 100_000);
const LIVE_RATE = Number(env['BENCH_LIVE_RATE'] ?? 50);
const REPLAY_RATE = Number(env['BENCH_REPLAY_RATE'] ?? 2_000);
const BASELINE_SECONDS = Number(env['BENCH_SECONDS'] ?? 15);
const PORT_BASE = Number(env['HOOKLINE_PORT_BASE'] ?? 18_080) + 30;
const TOKEN = 'hl_bench_bench-operator-secret-0123456789';
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtYmVuY2gtb25seS1zZWNyZXQtMzI=';
const SERVICES = ['executor', 'replay'] as const;
/** The limits the figures are read against. */
const LIMITS = { replayShareOfRate: 0.9, liveP99Ms: 1_000, liveP99Growth: 2 };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `hookline_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The sink: when each live event arrived (by id), and how many replayed ones did. */
function startSink() {
  const live = new Map<string, number>();
  const replayed = { count: 0, first: 0, last: 0 };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const at = Date.now();
      const key = String(request.headers['idempotency-key']);
      if (key.startsWith('live:')) live.set(key.slice('live:'.length), at);
      else {
        replayed.count++;
        replayed.first ||= at;
        replayed.last = at;
      }
      response.writeHead(204).end();
    });
  });
  server.unref();
  return new Promise<{ url: string; live: Map<string, number>; replayed: typeof replayed }>(
    (resolve) =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          live,
          replayed,
        }),
      ),
  );
}

const task = (id: string, idempotencyKey: string) => ({
  deliveryId: `dlv_${id}`,
  tenantId: 'bench',
  destinationId: 'sink',
  routeId: 'all',
  event: {
    id,
    source: 'hookline://bench/sources/bench-stripe',
    specversion: '1.0',
    type: 'billing.invoice.paid',
    subject: `stripe:in_${id}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { amount_paid: 4200 },
    tenantid: 'bench',
    provider: 'stripe',
    providereventid: id,
    idempotencykey: idempotencyKey,
    raweventid: `raw_${id}`,
    schemaversion: 1,
  },
});

/** Live tasks at LIVE_RATE until `stop()`; each one's produce time, by id. */
function liveTraffic(producer: kafkajs.Producer, topic: string) {
  const sent = new Map<string, number>();
  let running = true;
  const done = (async () => {
    const started = Date.now();
    let count = 0;
    while (running) {
      const due = Math.floor(((Date.now() - started) / 1_000) * LIVE_RATE);
      const messages = [];
      for (; count < due; count++) {
        const id = randomUUID();
        sent.set(id, Date.now());
        messages.push({ key: `sink:${id}`, value: JSON.stringify(task(id, `live:${id}`)) });
      }
      if (messages.length) await producer.send({ topic, acks: -1, messages });
      await sleep(10);
    }
  })();
  return {
    sent,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function latencies(sent: Map<string, number>, arrivals: Map<string, number>) {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200))
    if ([...sent.keys()].every((id) => arrivals.has(id))) break;
  const values = [...sent].flatMap(([id, at]) => {
    const arrived = arrivals.get(id);
    return arrived === undefined ? [] : [arrived - at];
  });
  values.sort((a, b) => a - b);
  return {
    count: values.length,
    of: sent.size,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
  };
}

/** 100 000 dead letters as the recorder keeps them, written in one statement. */
async function seedDeadLetters(databaseUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const template = JSON.stringify(task('__N__', 'replay:__N__'));
  await client.query(
    `INSERT INTO dead_letters (topic, partition, "offset", record_timestamp, tenant_id, correlation_id,
       record_key, record_value, headers, original_topic, original_partition, original_offset, attempts,
       error_class, error_message, error_stage, last_failed_at)
     SELECT $1, n % 3, n, now(), 'bench', 'corr_' || n, convert_to('sink:' || n, 'UTF8'),
            convert_to(replace($2, '__N__', n::text), 'UTF8'),
            jsonb_build_object('hookline-tenant-id', 'bench', 'hookline-correlation-id', 'corr_' || n),
            $3, n % 3, n, 5, 'DeliveryFailed', 'sink answered 503', 'executor:hookline.deliveries.v1', now()
       FROM generate_series(1, $4) AS n`,
    [`${prefix}.hookline.deliveries.v1.dlt`, template, `${prefix}.hookline.deliveries.v1`, RECORDS],
  );
  await client.end();
}

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
  const brokers = env['KAFKA_BROKERS'] ?? `127.0.0.1:${env['HOOKLINE_KAFKA_PORT'] ?? 19092}`;
  const databaseUrl =
    env['DATABASE_URL'] ??
    (await freshDatabase(
      `postgres://postgres:postgres@127.0.0.1:${env['HOOKLINE_POSTGRES_PORT'] ?? 15432}/postgres`,
    ));
  const prefix = `bench${Date.now().toString(36)}`;
  const sink = await startSink();
  const configPath = join(mkdtempSync(join(tmpdir(), 'replay-bench-')), 'hookline.yaml');
  writeFileSync(
    configPath,
    JSON.stringify({
      version: 1,
      egress: { allow: ['127.0.0.1'] },
      tenants: [
        {
          id: 'bench',
          sources: [{ id: 'bench-stripe', provider: 'stripe', secrets: ['whsec_bench'] }],
          destinations: [
            {
              id: 'sink',
              kind: 'http',
              url: `${sink.url}/hooks`,
              secret: DESTINATION_SECRET,
              timeout: '5s',
            },
          ],
          routes: [{ id: 'all', eventTypes: ['*'], destination: 'sink' }],
        },
      ],
      operator: {
        tokens: [
          {
            name: 'bench',
            role: 'operator',
            tenants: ['bench'],
            secret: 'bench-operator-secret-0123456789',
          },
        ],
      },
    }),
  );
  const children: ChildProcess[] = [];
  const kafka = new kafkajs.Kafka({
    brokers: brokers.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const producer = kafka.producer();
  try {
    for (const [index, service] of SERVICES.entries())
      children.push(
        spawn(
          process.execPath,
          [
            '--disable-warning=TimeoutNegativeWarning',
            join(root, `dist/apps/${service}/src/main.js`),
          ],
          {
            env: {
              ...env,
              KAFKA_BROKERS: brokers,
              DATABASE_URL: databaseUrl,
              HOOKLINE_CONFIG: configPath,
              HOOKLINE_TOPIC_PREFIX: prefix,
              HOOKLINE_TOPIC_PARTITIONS: '3',
              HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
              HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
              HOST: '127.0.0.1',
              PORT: String(PORT_BASE + index),
              LOG_LEVEL: 'warn',
            },
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        ),
      );
    for (const index of SERVICES.keys())
      for (let ready = false; !ready; await sleep(200))
        ready =
          (await fetch(`http://127.0.0.1:${PORT_BASE + index}/health/ready`).catch(() => undefined))
            ?.status === 200;
    const replayUrl = `http://127.0.0.1:${PORT_BASE + 1}`;
    await producer.connect();
    const topic = `${prefix}.hookline.deliveries.v1`;

    // Baseline: live traffic alone.
    const warmup = liveTraffic(producer, topic);
    await sleep(3_000);
    await warmup.stop();
    await latencies(warmup.sent, sink.live);
    const baseline = liveTraffic(producer, topic);
    await sleep(BASELINE_SECONDS * 1_000);
    await baseline.stop();
    const alone = await latencies(baseline.sent, sink.live);

    // The same live traffic while a replay job sends RECORDS dead letters.
    await seedDeadLetters(databaseUrl, prefix);
    const during = liveTraffic(producer, topic);
    const created = Date.now();
    const response = await fetch(`${replayUrl}/api/v1/replays`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'dead-letters',
        filter: { tenant: 'bench' },
        rate: REPLAY_RATE,
      }),
    });
    const { id } = (await response.json()) as { id: string };
    const selectedMs = Date.now() - created;
    let job:
      { state: string; sent: number; startedAt: string; finishedAt: string | null } | undefined;
    for (; job?.state !== 'completed'; await sleep(500)) {
      const answer = await fetch(`${replayUrl}/api/v1/replays/${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      job = (await answer.json()) as typeof job;
      if (job?.state === 'failed' || job?.state === 'cancelled')
        throw new Error(`job ${job.state}`);
    }
    await during.stop();
    const withReplay = await latencies(during.sent, sink.live);
    const jobSeconds = (Date.parse(job.finishedAt ?? '') - Date.parse(job.startedAt)) / 1_000;
    const replayRate = job.sent / jobSeconds;
    // The lane's backlog drains after the job; its rate so far is what the executor keeps up.
    const deliveredRate =
      sink.replayed.count > 1
        ? (sink.replayed.count - 1) / ((sink.replayed.last - sink.replayed.first) / 1_000)
        : 0;

    console.log(
      `\nreplay of ${RECORDS} recorded dead letters (kind dead-letters, rate ${REPLAY_RATE}/s) to the replay lane, live delivery tasks at ${LIVE_RATE}/s on the main topic throughout; executor and replay on this machine`,
    );
    console.log(
      `limits: replay ≥ ${LIMITS.replayShareOfRate * 100}% of its rate; live p99 ≤ ${LIMITS.liveP99Ms} ms and ≤ ${LIMITS.liveP99Growth}× the p99 without a replay`,
    );
    console.log(`job created (selection of ${RECORDS} stored) in ${selectedMs} ms`);
    console.log(
      `replay job: ${job.sent} records to the lane in ${jobSeconds.toFixed(1)} s = ${replayRate.toFixed(0)} records/s — ${replayRate >= REPLAY_RATE * LIMITS.replayShareOfRate ? 'within' : 'BELOW'} the limit`,
    );
    console.log(
      `executor delivered the replayed records at ${deliveredRate.toFixed(0)} records/s (${sink.replayed.count}/${RECORDS} arrived by the end of the live window; the rest drain after it)`,
    );
    console.log('live traffic         delivered  p50 ms  p99 ms');
    for (const [name, row] of [
      ['without a replay', alone],
      ['during the replay', withReplay],
    ] as const)
      console.log(
        `${name.padEnd(19)}  ${`${row.count}/${row.of}`.padStart(9)}  ${String(row.p50).padStart(6)}  ${String(row.p99).padStart(6)}`,
      );
    const ok =
      withReplay.p99 <= LIMITS.liveP99Ms && withReplay.p99 <= alone.p99 * LIMITS.liveP99Growth;
    console.log(`live p99 during the replay: ${ok ? 'within' : 'OVER'} the limits`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    for (const child of children) child.kill('SIGTERM');
  }
}

await main();
