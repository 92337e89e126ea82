// The delivery benchmark (not a test; it prints figures beside their limits). Starts the
// compiled ingest, normalizer, router and executor as child processes against the local
// Kafka and PostgreSQL, offers Stripe-signed webhooks at fixed rates, and measures at a
// local sink: deliveries/s and p50/p99 from the webhook's POST to the sink's receipt. In
// the same run: the raw kafkajs producer rate on the same broker, and the ledger's cost
// per delivery (claim, complete, attempt record), one after another and from as many
// deliveries at once as the consumer runs. The executor's CPU per delivery (user + system,
// from /proc) is printed beside its share of the pipeline's budget. Needs
// `npm run infra -- up` (or KAFKA_BROKERS and DATABASE_URL). Run with `npx nx run executor:bench`
// (`BENCH_RATES=100,300`, `BENCH_SECONDS`, `BENCH_CPU_PROFILE_DIR`, `BENCH_CONCURRENCY` to
// change what it does).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DatabaseConnection, PgDeliveryLedgerRepository } from '@hookline/persistence';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { Pool } from 'undici';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const SECONDS = Number(env['BENCH_SECONDS'] ?? 10);
const RATES = (env['BENCH_RATES'] ?? '50,100,200').split(',').map(Number);
const PORT_BASE = Number(env['HOOKLINE_PORT_BASE'] ?? 18_080) + 20;
const SECRET = 'whsec_bench_only';
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtYmVuY2gtb25seS1zZWNyZXQtMzI=';
/** `BENCH_CPU_PROFILE_DIR=<folder>`: the executor's V8 CPU profile, written there when it exits. */
const PROFILE_DIR = env['BENCH_CPU_PROFILE_DIR'];
/**
 * `BENCH_CONCURRENCY=<n>`: the destination's `concurrency` (its in-flight limit across
 * executors, kept by the ledger's claims), also the limit of the ledger figures' claims.
 */
const CONCURRENCY = env['BENCH_CONCURRENCY'] ? Number(env['BENCH_CONCURRENCY']) : undefined;
const SERVICES = ['ingest', 'normalizer', 'router', 'executor'] as const;
/**
 * The limits the figures are read against. CPU: 1,000 events/s end to end on two cores
 * leave 2 CPU ms per event for the five services, Kafka and PostgreSQL together; the
 * executor's share (about 40% of the services' CPU today) is 0.4 ms.
 */
const LIMITS = {
  deliveredShare: 0.95,
  p99Ms: 1_000,
  ledgerMsPerDelivery: 5,
  executorCpuMsPerDelivery: 0.4,
};
/** Deliveries the executor drains at once in the saturation figure. */
const BACKLOG = Number(env['BENCH_BACKLOG'] ?? 3_000);
/** Deliveries at once in the concurrent ledger figure: the consumer's default concurrency. */
const LEDGER_CONCURRENCY = 16;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU milliseconds a child process has used so far (Linux /proc). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // utime and stime: fields 14 and 15, counted after the command name's closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / TICKS_PER_SECOND;
}

/** This process's user + system CPU milliseconds so far. */
function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1_000;
}

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

/** The sink: records when each event arrived and when its webhook was sent. */
function startSink(): Promise<{
  url: string;
  arrivals: Map<string, { sentAt: number; at: number }>;
}> {
  const arrivals = new Map<string, { sentAt: number; at: number }>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      // The canonical event: its data is the Stripe invoice (`in_<webhook id>`).
      const event = JSON.parse(Buffer.concat(chunks).toString()) as {
        data: { id: string; sent_at: number };
      };
      arrivals.set(event.data.id.slice('in_'.length), { sentAt: event.data.sent_at, at });
      response.writeHead(204).end();
    });
  });
  server.unref();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals }),
    ),
  );
}

/** Webhooks go over a fixed pool of keep-alive connections, as a provider's sender does. */
const INGEST_CONNECTIONS = 32;

async function postWebhook(ingest: Pool, id: string): Promise<void> {
  const body = JSON.stringify({
    id,
    type: 'invoice.paid',
    data: {
      object: {
        id: `in_${id}`,
        object: 'invoice',
        customer: 'cus_bench',
        amount_due: 4200,
        amount_paid: 4200,
        currency: 'usd',
        status: 'paid',
        sent_at: Date.now(),
      },
    },
  });
  // A connection the server closed is tried again: the same event id is deduplicated.
  for (let attempt = 1; ; attempt++) {
    const t = Math.floor(Date.now() / 1_000);
    const v1 = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
    try {
      const response = await ingest.request({
        path: '/webhooks/bench-stripe',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
        body,
      });
      await response.body.dump();
      if (response.statusCode === 200) return;
      if (attempt >= 3) throw new Error(`ingest answered ${response.statusCode}`);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Offers `rate` webhooks/s for SECONDS, then waits for every one at the sink. */
async function drive(
  ingest: Pool,
  arrivals: Map<string, { sentAt: number; at: number }>,
  rate: number,
  seconds: number,
  executorPid: number,
) {
  const cpuBefore = cpuMsOf(executorPid);
  const ids: string[] = [];
  const sends: Promise<void>[] = [];
  const started = Date.now();
  for (let sent = 0; sent < rate * seconds;) {
    const due = Math.floor(((Date.now() - started) / 1_000) * rate);
    for (; sent < Math.min(due, rate * seconds); sent++) {
      const id = `evt_${randomUUID()}`;
      ids.push(id);
      sends.push(postWebhook(ingest, id));
    }
    await sleep(5);
  }
  await Promise.all(sends);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100))
    if (ids.every((id) => arrivals.has(id))) break;
  const executorCpuMs = cpuMsOf(executorPid) - cpuBefore;
  const got = ids.flatMap((id) => arrivals.get(id) ?? []);
  const latencies = got.map((arrival) => arrival.at - arrival.sentAt).sort((a, b) => a - b);
  const times = got.map((arrival) => arrival.at).sort((a, b) => a - b);
  const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1_000;
  return {
    offered: rate,
    delivered: got.length,
    expected: ids.length,
    perSecond: span > 0 ? (got.length - 1) / span : NaN,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerDelivery: executorCpuMs / Math.max(1, got.length),
  };
}

/**
 * The executor alone at saturation: while it is stopped (SIGSTOP), `count` webhooks go
 * through ingest, normalizer and router into the deliveries topic; then it resumes and
 * drains them as fast as it can. Deliveries/s from its resumption to the last arrival,
 * and its CPU per delivery over the same time.
 */
async function executorBacklog(
  ingest: Pool,
  arrivals: Map<string, { sentAt: number; at: number }>,
  executorPid: number,
  count: number,
  brokers: string[],
  prefix: string,
) {
  const kafka = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${prefix}.hookline.deliveries.v1`;
  const produced = async () =>
    (await admin.fetchTopicOffsets(topic)).reduce(
      (sum, partition) => sum + Number(partition.high),
      0,
    );
  const before = await produced();
  process.kill(executorPid, 'SIGSTOP');
  const ids = Array.from({ length: count }, () => `evt_${randomUUID()}`);
  try {
    for (let next = 0; next < ids.length;) {
      const wave = ids.slice(next, next + INGEST_CONNECTIONS * 4);
      next += wave.length;
      await Promise.all(wave.map((id) => postWebhook(ingest, id)));
    }
    for (
      const deadline = Date.now() + 120_000;
      (await produced()) < before + count;
      await sleep(200)
    )
      if (Date.now() > deadline) throw new Error('the router did not publish the backlog in time');
  } finally {
    process.kill(executorPid, 'SIGCONT');
  }
  const cpuBefore = cpuMsOf(executorPid);
  const resumedAt = Date.now();
  for (const deadline = resumedAt + 120_000; Date.now() < deadline; await sleep(50))
    if (ids.every((id) => arrivals.has(id))) break;
  const cpuMs = cpuMsOf(executorPid) - cpuBefore;
  await admin.disconnect();
  const got = ids.flatMap((id) => arrivals.get(id) ?? []);
  const last = Math.max(...got.map((arrival) => arrival.at));
  return {
    delivered: got.length,
    expected: count,
    perSecond: got.length / ((last - resumedAt) / 1_000),
    cpuMsPerDelivery: cpuMs / Math.max(1, got.length),
  };
}

/** The executor's deferrals so far, by reason (its /metrics): each one is a trip through a retry tier. */
async function deferrals(executorUrl: string): Promise<string> {
  const text = await (await fetch(`${executorUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match =
      /^hookline_executor_deliveries_deferred_total\{[^}]*reason="([^"]+)"[^}]*\} (\S+)/.exec(line);
    if (match) counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return [...counts].map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none';
}

/** kafkajs alone, on the same broker: 1 KiB records, acks from all replicas, batches of 500. */
async function rawProducerRate(brokers: string[], prefix: string): Promise<number> {
  const kafka = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING });
  const topic = `${prefix}.bench.raw`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const value = Buffer.alloc(1_024, 'x');
  const total = 20_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i += 500)
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 500 }, (_, j) => ({ key: String(i + j), value })),
    });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  return total / seconds;
}

/**
 * Claim, complete and attempt record for `count` effects, `concurrency` of them at a time
 * (1: one after another): wall-clock ms per delivery and this process's CPU ms per delivery.
 */
async function ledgerCost(
  databaseUrl: string,
  count: number,
  concurrency: number,
): Promise<{ ms: number; cpuMs: number }> {
  const connection = new DatabaseConnection({
    url: databaseUrl,
    poolSize: Math.min(concurrency + 1, 10),
    applicationName: 'hookline-bench',
    connectTimeoutMs: 5_000,
  });
  await connection.connect();
  const ledger = new PgDeliveryLedgerRepository(connection);
  const run = `c${concurrency}-${Date.now().toString(36)}`;
  const one = async (i: number) => {
    const key = { destinationId: 'bench-ledger', idempotencyKey: `${run}-k${i}` };
    const request = {
      ...key,
      tenantId: 'bench',
      eventId: `e${i}`,
      deliveryId: `d${i}`,
      leaseMs: 30_000,
      force: false,
      ...(CONCURRENCY ? { maxInFlight: CONCURRENCY } : {}),
    };
    let claim = await ledger.claim(request);
    // At its limit, the claim waits for a slot, as the executor's deferred delivery does.
    while (claim.status === 'saturated') {
      await sleep(1);
      claim = await ledger.claim(request);
    }
    if (claim.status !== 'claimed') throw new Error('unexpected claim');
    await ledger.complete(key, claim.token);
    await ledger.recordAttempt({
      tenantId: 'bench',
      eventId: `e${i}`,
      ...key,
      deliveryId: `d${i}`,
      webhookId: `d${i}`,
      attempt: 1,
      outcome: 'delivered',
      status: 204,
      durationMs: 1,
      errorClass: null,
      reason: 'answered 204',
      responseSnippet: null,
      executor: 'bench',
      startedAt: new Date(),
    });
  };
  let next = 0;
  const cpuBefore = ownCpuMs();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / count;
  const cpuMs = (ownCpuMs() - cpuBefore) / count;
  await connection.close();
  return { ms, cpuMs };
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
  const configPath = join(mkdtempSync(join(tmpdir(), 'delivery-bench-')), 'hookline.yaml');
  writeFileSync(
    configPath,
    JSON.stringify({
      version: 1,
      egress: { allow: ['127.0.0.1'] },
      tenants: [
        {
          id: 'bench',
          sources: [{ id: 'bench-stripe', provider: 'stripe', secrets: [SECRET] }],
          destinations: [
            {
              id: 'sink',
              kind: 'http',
              url: `${sink.url}/hooks`,
              secret: DESTINATION_SECRET,
              timeout: '5s',
              retryTiers: ['1s', '5s'],
              ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}),
            },
          ],
          routes: [{ id: 'all', eventTypes: ['*'], destination: 'sink' }],
        },
      ],
    }),
  );
  const children: ChildProcess[] = [];
  // Also when the run dies of an error: no service is left behind.
  process.once('exit', () => children.forEach((child) => child.kill('SIGTERM')));
  try {
    for (const [index, service] of SERVICES.entries()) {
      children.push(
        spawn(
          process.execPath,
          [
            '--disable-warning=TimeoutNegativeWarning',
            ...(PROFILE_DIR && service === 'executor'
              ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]
              : []),
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
    }
    for (const index of SERVICES.keys())
      for (let ready = false; !ready; await sleep(200))
        ready =
          (await fetch(`http://127.0.0.1:${PORT_BASE + index}/health/ready`).catch(() => undefined))
            ?.status === 200;
    const ingest = new Pool(`http://127.0.0.1:${PORT_BASE}`, { connections: INGEST_CONNECTIONS });
    const executorPid = children[SERVICES.indexOf('executor')]!.pid!;
    await drive(ingest, sink.arrivals, 20, 3, executorPid); // warm-up
    const rows = [];
    for (const rate of RATES)
      rows.push(await drive(ingest, sink.arrivals, rate, SECONDS, executorPid));
    const backlog = await executorBacklog(
      ingest,
      sink.arrivals,
      executorPid,
      BACKLOG,
      brokers.split(','),
      prefix,
    );
    await ingest.close();
    const deferred = await deferrals(
      `http://127.0.0.1:${PORT_BASE + SERVICES.indexOf('executor')}`,
    );
    const raw = await rawProducerRate(brokers.split(','), prefix);
    await ledgerCost(databaseUrl, 200, LEDGER_CONCURRENCY); // warm-up
    const sequential = await ledgerCost(databaseUrl, 2_000, 1);
    const concurrent = await ledgerCost(databaseUrl, 4_000, LEDGER_CONCURRENCY);

    console.log(
      `\nwebhook → ingest → normalizer → router → executor → local sink, ${SECONDS} s per row, 4 services on this machine${CONCURRENCY ? `, destination concurrency ${CONCURRENCY}` : ''}`,
    );
    console.log(
      `limits: delivered ≥ ${LIMITS.deliveredShare * 100}% of offered, p99 ≤ ${LIMITS.p99Ms} ms, ledger ≤ ${LIMITS.ledgerMsPerDelivery} ms per delivery, executor CPU ≤ ${LIMITS.executorCpuMsPerDelivery} ms per delivery (its share of 1,000 events/s on two cores)`,
    );
    console.log(
      'offered/s  delivered  deliveries/s  p50 ms  p99 ms  executor CPU ms/delivery  within limits',
    );
    for (const row of rows) {
      const ok = row.delivered >= row.expected * LIMITS.deliveredShare && row.p99 <= LIMITS.p99Ms;
      const cpu = `${row.cpuMsPerDelivery.toFixed(2)} (limit ${LIMITS.executorCpuMsPerDelivery})`;
      console.log(
        `${String(row.offered).padStart(9)}  ${`${row.delivered}/${row.expected}`.padStart(9)}  ${row.perSecond.toFixed(0).padStart(12)}  ${String(row.p50).padStart(6)}  ${String(row.p99).padStart(6)}  ${cpu.padStart(24)}  ${ok ? 'yes' : 'NO'}${row.cpuMsPerDelivery <= LIMITS.executorCpuMsPerDelivery ? '' : ' (CPU over)'}`,
      );
    }
    console.log(
      `executor alone, draining ${backlog.expected} deliveries (saturation): ${backlog.delivered}/${backlog.expected} delivered, ${backlog.perSecond.toFixed(0)} deliveries/s, executor CPU ${backlog.cpuMsPerDelivery.toFixed(2)} ms per delivery — ${backlog.cpuMsPerDelivery <= LIMITS.executorCpuMsPerDelivery ? 'within' : 'OVER'} the ${LIMITS.executorCpuMsPerDelivery} ms limit`,
    );
    console.log(`deliveries the executor deferred to a retry tier over the whole run: ${deferred}`);
    console.log(
      `raw kafkajs producer (1 KiB, acks=all, batches of 500): ${raw.toFixed(0)} records/s`,
    );
    for (const [label, cost] of [
      ['one after another', sequential],
      [`${LEDGER_CONCURRENCY} at once`, concurrent],
    ] as const)
      console.log(
        `ledger per delivery (claim + complete + attempt record, ${label}): ${cost.ms.toFixed(2)} ms — ${cost.ms <= LIMITS.ledgerMsPerDelivery ? 'within' : 'OVER'} the ${LIMITS.ledgerMsPerDelivery} ms limit; client CPU ${cost.cpuMs.toFixed(3)} ms (executor limit ${LIMITS.executorCpuMsPerDelivery} ms for all its work)`,
      );
  } finally {
    const exited = children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          setTimeout(resolve, 15_000).unref();
        }),
    );
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(exited);
  }
}

await main();
