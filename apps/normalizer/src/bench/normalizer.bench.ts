// Normalizer and router throughput (not a test; it prints figures). Starts the compiled
// normalizer and router as child processes against the local Kafka and PostgreSQL, fills
// their input topics with N records and times until N records are on their output
// topics: the normalizer with one busy source keyed by source id (how ingest used to key),
// one busy source keyed by entity (how ingest keys now) and 100 sources; the router with
// one busy source and 100 sources; and, on the same broker in the same run, a plain
// kafkajs consume-and-produce loop over the same records. Needs Kafka and PostgreSQL:
// `npm run infra -- up` (or KAFKA_BROKERS and DATABASE_URL). Run with
// `npx nx run normalizer:bench`; `HOOKLINE_TIMELINE=off` runs the services without their
// event timeline writer, to measure what it costs. Beside records per second it prints the
// CPU time the stage's service spent per 1,000 records, which a busy machine skews less,
// and what PostgreSQL's processes serving the benchmark's database spent (claims, timeline).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { ingestedKeyOf } from '@hookline/providers';
import { normalizeWebhook } from '../events/event-normalizer.js';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const RECORDS = Number(env['BENCH_RECORDS'] ?? 10_000);
const PARTITIONS = 6;
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const brokers = (env['KAFKA_BROKERS'] ?? `127.0.0.1:${env['HOOKLINE_KAFKA_PORT'] ?? 19092}`).split(
  ',',
);
const adminUrl = `postgres://postgres:postgres@127.0.0.1:${env['HOOKLINE_POSTGRES_PORT'] ?? 15432}/postgres`;
const kafka = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING });
// Beside the user's own ports, so two clones can run it at once.
const [NORMALIZER_PORT, ROUTER_PORT] = [101, 102].map(
  (offset) => Number(env['HOOKLINE_PORT_BASE'] ?? 18_080) + offset,
) as [number, number];

interface Row {
  stage: string;
  scenario: string;
  records: number;
  seconds: number;
  perSecond: number;
  /** CPU time the stage's service spent per 1,000 records (user + system). */
  cpuMsPer1000?: number;
  /** CPU time PostgreSQL's server processes of the benchmark's database spent per 1,000 records. */
  pgCpuMsPer1000?: number;
}

/** User + system CPU seconds of a process so far (Linux `/proc`; 100 ticks a second). */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds so far of the PostgreSQL backends connected to `database` (by their titles). */
function databaseCpuSeconds(database: string): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
      const cpu = cpuSecondsOf(Number(entry));
      if (cpu !== undefined) seconds.set(Number(entry), cpu);
    } catch {
      // The process ended meanwhile.
    }
  }
  return seconds;
}

/** Times `stage` and measures the CPU `child` and the database's backends spent meanwhile. */
async function measured(
  child: ChildProcess,
  database: string,
  stage: () => Promise<number>,
): Promise<{ seconds: number; cpuSeconds: number | undefined; pgCpuSeconds: number }> {
  const before = cpuSecondsOf(child.pid);
  const pgBefore = databaseCpuSeconds(database);
  const seconds = await stage();
  const after = cpuSecondsOf(child.pid);
  let pgCpuSeconds = 0;
  // Backends that ended during the stage are not counted; the services' pools keep theirs.
  for (const [pid, cpu] of databaseCpuSeconds(database))
    pgCpuSeconds += cpu - (pgBefore.get(pid) ?? 0);
  return {
    seconds,
    cpuSeconds: before === undefined || after === undefined ? undefined : after - before,
    pgCpuSeconds,
  };
}

async function freshDatabase(): Promise<string> {
  const name = `hookline_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function timelineRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM event_timeline');
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

const sources = (count: number) =>
  Array.from({ length: count }, (_, index) => `bench-stripe-${index}`);

function configFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'normalizer-bench-')), 'hookline.yaml');
  writeFileSync(
    path,
    `version: 1
tenants:
  - id: bench
    sources:
${sources(100)
  .map((id) => `      - { id: ${id}, provider: stripe, secrets: ['whsec_bench_only'] }`)
  .join('\n')}
    destinations:
      - { id: sink, kind: http, url: 'http://127.0.0.1:9/hooks', secret: 'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=' }
    routes:
      - { id: invoices, eventTypes: ['billing.invoice.*'], destination: sink }
`,
  );
  return path;
}

function startService(
  service: string,
  prefix: string,
  port: number,
  databaseUrl: string,
  config: string,
): ChildProcess {
  return spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', join(root, `dist/apps/${service}/src/main.js`)],
    {
      env: {
        ...env,
        KAFKA_BROKERS: brokers.join(','),
        DATABASE_URL: databaseUrl,
        HOOKLINE_CONFIG: config,
        HOOKLINE_TOPIC_PREFIX: prefix,
        HOOKLINE_TOPIC_PARTITIONS: String(PARTITIONS),
        HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
        HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

async function waitReady(port: number): Promise<void> {
  for (;;) {
    const status = (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))
      ?.status;
    if (status === 200) return;
    await sleep(200);
  }
}

/** Raw webhooks of a paid invoice each, `sourceCount` sources taking turns. */
function envelopes(run: string, sourceCount: number, keyBy: 'source' | 'entity') {
  const ids = sources(sourceCount);
  return Array.from({ length: RECORDS }, (_, index) => {
    const sourceId = ids[index % sourceCount]!;
    const body = Buffer.from(
      JSON.stringify({
        id: `evt_${run}_${index}`,
        type: 'invoice.paid',
        data: {
          object: {
            id: `in_${run}_${index % 2_000}`,
            object: 'invoice',
            customer: 'cus_1',
            amount_due: 4900,
            amount_paid: 4900,
            currency: 'usd',
            status: 'paid',
          },
        },
      }),
    );
    const envelope = {
      rawEventId: `raw_${run}_${index}`,
      tenantId: 'bench',
      sourceId,
      provider: 'stripe',
      receivedAt: new Date().toISOString(),
      dedupKey: `evt_${run}_${index}`,
      headers: {},
      contentType: 'application/json',
      body: { base64: body.toString('base64') },
    };
    const key =
      keyBy === 'source'
        ? sourceId
        : ingestedKeyOf({ ...envelope, receivedAt: new Date(envelope.receivedAt), body });
    return { key, value: JSON.stringify(envelope), envelope, body };
  });
}

async function produced(admin: kafkajs.Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

/** Sends the records and times until `RECORDS` more are on `outTopic`. */
async function timeStage(
  admin: kafkajs.Admin,
  producer: kafkajs.Producer,
  inTopic: string,
  outTopic: string,
  records: kafkajs.Message[],
): Promise<number> {
  const before = await produced(admin, outTopic);
  const started = Date.now();
  for (let index = 0; index < records.length; index += 1_000) {
    await producer.send({
      topic: inTopic,
      acks: -1,
      messages: records.slice(index, index + 1_000),
    });
  }
  while ((await produced(admin, outTopic)) < before + records.length) await sleep(50);
  return (Date.now() - started) / 1_000;
}

/** A plain kafkajs consume-and-produce loop: the broker's and client's own ceiling here. */
async function plainLoop(
  admin: kafkajs.Admin,
  producer: kafkajs.Producer,
  prefix: string,
  records: kafkajs.Message[],
): Promise<number> {
  const [inTopic, outTopic] = [`${prefix}.plain.in`, `${prefix}.plain.out`];
  // kafkajs may report a fresh topic's missing leader as a failure; the poll below waits.
  await admin
    .createTopics({
      topics: [inTopic, outTopic].map((topic) => ({ topic, numPartitions: PARTITIONS })),
    })
    .catch(() => undefined);
  // Until the broker has leaders for the new partitions, metadata requests fail.
  for (;;) {
    const ready = await Promise.all([inTopic, outTopic].map((topic) => produced(admin, topic)))
      .then(() => true)
      .catch(() => false);
    if (ready) break;
    await sleep(200);
  }
  const consumer = kafka.consumer({ groupId: `${prefix}-plain` });
  await consumer.connect();
  await consumer.subscribe({ topic: inTopic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      await producer.send({
        topic: outTopic,
        acks: -1,
        messages: batch.messages.map((message) => ({ key: message.key, value: message.value })),
      });
    },
  });
  const seconds = await timeStage(admin, producer, inTopic, outTopic, records);
  await consumer.disconnect();
  return seconds;
}

async function main(): Promise<void> {
  const databaseUrl = env['DATABASE_URL'] ?? (await freshDatabase());
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const config = configFile();
  const run = Date.now().toString(36);
  const [normalizerPrefix, routerPrefix] = [`benchn${run}`, `benchr${run}`];
  const normalizer = startService(
    'normalizer',
    normalizerPrefix,
    NORMALIZER_PORT,
    databaseUrl,
    config,
  );
  const router = startService('router', routerPrefix, ROUTER_PORT, databaseUrl, config);
  const children = [normalizer, router];
  const admin = kafka.admin();
  const producer = kafka.producer();
  try {
    await Promise.all([
      waitReady(NORMALIZER_PORT),
      waitReady(ROUTER_PORT),
      admin.connect(),
      producer.connect(),
    ]);
    const rows: Row[] = [];
    const perThousand = (cpuSeconds: number) => Math.round((cpuSeconds * 1_000_000) / RECORDS);
    const row = (
      stage: string,
      scenario: string,
      seconds: number,
      cpu?: { cpuSeconds: number | undefined; pgCpuSeconds: number },
    ) =>
      rows.push({
        stage,
        scenario,
        records: RECORDS,
        seconds,
        perSecond: Math.round(RECORDS / seconds),
        ...(cpu?.cpuSeconds === undefined ? {} : { cpuMsPer1000: perThousand(cpu.cpuSeconds) }),
        ...(cpu ? { pgCpuMsPer1000: perThousand(cpu.pgCpuSeconds) } : {}),
      });

    const plain = envelopes(`p${run}`, 1, 'entity');
    row(
      'plain kafkajs loop',
      'same records',
      await plainLoop(admin, producer, `benchp${run}`, plain),
    );

    const ingested = `${normalizerPrefix}.hookline.ingested.v1`;
    const events = `${normalizerPrefix}.hookline.events.v1`;
    await timeStage(
      admin,
      producer,
      ingested,
      events,
      envelopes(`w${run}`, 100, 'entity').slice(0, 1_000),
    ).catch(() => 0); // warm-up
    for (const [scenario, count, keyBy] of [
      ['one busy source, keyed by source id', 1, 'source'],
      ['one busy source, keyed by entity', 1, 'entity'],
      ['100 sources, keyed by entity', 100, 'entity'],
    ] as const) {
      const records = envelopes(`${scenario.length}${count}${keyBy}${run}`, count, keyBy);
      const { seconds, ...cpu } = await measured(normalizer, databaseName, () =>
        timeStage(admin, producer, ingested, events, records),
      );
      row('normalizer', scenario, seconds, cpu);
    }

    const routerIn = `${routerPrefix}.hookline.events.v1`;
    const routerOut = `${routerPrefix}.hookline.deliveries.v1`;
    const routerRecords = (prefix: string, count: number) =>
      envelopes(prefix, count, 'entity').map(({ envelope, body }) => {
        const [normalized] = normalizeWebhook(envelope, body).events;
        const event = normalized!.event;
        return { key: `${event.tenantid}:${event.subject}`, value: JSON.stringify(event) };
      });
    // Warm-up, as for the normalizer: the first rows should not pay for the JIT.
    await timeStage(
      admin,
      producer,
      routerIn,
      routerOut,
      routerRecords(`rw${run}`, 100).slice(0, 1_000),
    ).catch(() => 0);
    for (const [scenario, count] of [
      ['one busy source', 1],
      ['100 sources', 100],
    ] as const) {
      const records = routerRecords(`r${count}${run}`, count);
      const { seconds, ...cpu } = await measured(router, databaseName, () =>
        timeStage(admin, producer, routerIn, routerOut, records),
      );
      row('router', scenario, seconds, cpu);
    }
    const timeline = await timelineRows(databaseUrl);
    console.log(
      `\n${RECORDS} records per row, ${PARTITIONS} partitions, one broker, this machine; ` +
        `event timeline writer ${env['HOOKLINE_TIMELINE'] === 'off' ? 'off' : 'on'} ` +
        `(${timeline} timeline entries written by the end):\n`,
    );
    console.table(rows);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    for (const child of children) child.kill('SIGTERM');
  }
}

await main();
