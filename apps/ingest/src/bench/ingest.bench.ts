// Ingest's acknowledgement benchmark (not a test; it prints figures). Starts the compiled
// ingest service as a child process against the local Kafka and PostgreSQL, then drives
// POST /webhooks/{source} with Stripe-signed webhooks (each with a fresh event id, so none
// is a duplicate) from this process with autocannon, at fixed offered rates and at
// saturation, and reports requests/s, p50/p99/p99.9 latency and the ingest process's CPU
// and peak memory. Needs Kafka and PostgreSQL: `npm run infra -- up` (or KAFKA_BROKERS and
// DATABASE_URL). Run with `npx nx run ingest:bench`.
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const SECONDS = Number(env['BENCH_SECONDS'] ?? 10);
const RATES = (env['BENCH_RATES'] ?? '500,1000,2000').split(',').map(Number);
const CONNECTIONS = Number(env['BENCH_CONNECTIONS'] ?? 64);
const SECRET = 'whsec_bench_only';
const PORT = 18_080;

interface Figures {
  label: string;
  requestsPerSec: number;
  non2xx: number;
  p50: number;
  p99: number;
  p999: number;
  cpuPercent: number;
}

/** A Stripe webhook with a fresh event id, signed, or with a well-formed wrong signature. */
function stripeRequest(forged: boolean): { body: string; signature: string } {
  const body = JSON.stringify({
    id: `evt_${randomUUID()}`,
    type: 'invoice.paid',
    data: {
      object: {
        id: 'in_1',
        object: 'invoice',
        customer: 'cus_1',
        amount_due: 4200,
        amount_paid: 4200,
        currency: 'usd',
        status: 'paid',
      },
    },
  });
  const t = Math.floor(Date.now() / 1_000);
  const v1 = forged
    ? '0'.repeat(64)
    : createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
  return { body, signature: `t=${t},v1=${v1}` };
}

/** utime + stime of a process in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((row) => row.startsWith('VmHWM:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/**
 * Drives the endpoint for SECONDS. Forged requests carry a wrong signature: every one
 * must be refused (401) without slowing the good ones beside it.
 */
function load(options: {
  connections: number;
  overallRate?: number | undefined;
  forged: boolean;
}): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${PORT}/webhooks/bench-stripe`,
    method: 'POST',
    connections: options.connections,
    duration: SECONDS,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const { body, signature } = stripeRequest(options.forged);
          return {
            ...request,
            body,
            headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          };
        },
      },
    ],
  });
}

async function drive(
  label: string,
  pid: number,
  overallRate?: number,
  forgedRate?: number,
): Promise<Figures> {
  const before = cpuTicks(pid);
  const forged = forgedRate
    ? load({ connections: 16, overallRate: forgedRate, forged: true })
    : undefined;
  const result = await load({ connections: CONNECTIONS, overallRate, forged: false });
  const refused = await forged;
  const cpuSeconds = (cpuTicks(pid) - before) / 100;
  if (refused) {
    const unauthorized = refused.statusCodeStats?.['401']?.count ?? 0;
    console.log(
      `${label}: ${refused.requests.total} forged requests, ${unauthorized} answered 401, p99 ${refused.latency.p99} ms`,
    );
  }
  return {
    label,
    requestsPerSec: result.requests.average,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    cpuPercent: (100 * cpuSeconds) / SECONDS,
  };
}

/** A database of the run's own on the local server (`npm run infra -- up`). */
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

async function main(): Promise<void> {
  // dist/apps/ingest/src/bench → the repository.
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
  const brokers = env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
  const databaseUrl =
    env['DATABASE_URL'] ??
    (await freshDatabase('postgres://postgres:postgres@127.0.0.1:15432/postgres'));
  const configPath = join(mkdtempSync(join(tmpdir(), 'ingest-bench-')), 'hookline.yaml');
  writeFileSync(
    configPath,
    `version: 1\ntenants:\n  - id: bench\n    sources:\n      - { id: bench-stripe, provider: stripe, secrets: ['${SECRET}'] }\n`,
  );

  const ingest = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', join(root, 'dist/apps/ingest/src/main.js')],
    {
      env: {
        ...env,
        KAFKA_BROKERS: brokers,
        DATABASE_URL: databaseUrl,
        HOOKLINE_CONFIG: configPath,
        HOOKLINE_TOPIC_PREFIX: `bench${Date.now().toString(36)}`,
        HOOKLINE_TOPIC_PARTITIONS: '3',
        HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
        HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
        HOST: '127.0.0.1',
        PORT: String(PORT),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const pid = ingest.pid ?? 0;
  try {
    for (let ready = false; !ready; await sleep(200)) {
      ready =
        (await fetch(`http://127.0.0.1:${PORT}/health/ready`).catch(() => undefined))?.status ===
        200;
    }
    await drive('warm-up', pid, 200);
    const rows: Figures[] = [];
    for (const rate of RATES) rows.push(await drive(`offered ${rate}/s`, pid, rate));
    // Bad traffic beside good: the good rows' latency should stay near the 1000/s row.
    rows.push(await drive('1000/s + forged', pid, 1_000, 1_000));
    rows.push(await drive('saturation', pid));
    console.log(
      `\ningest acknowledgement, ${SECONDS} s per row, ${CONNECTIONS} connections, Stripe-signed 1-event bodies`,
    );
    console.log('load              req/s    non-2xx  p50 ms  p99 ms  p99.9 ms  ingest CPU');
    console.log(
      '(the "+ forged" row: good requests only; 1000/s forged signatures ran beside them)',
    );
    for (const row of rows) {
      console.log(
        `${row.label.padEnd(16)} ${row.requestsPerSec.toFixed(0).padStart(7)} ${String(row.non2xx).padStart(9)} ${row.p50.toFixed(1).padStart(7)} ${row.p99.toFixed(1).padStart(7)} ${row.p999.toFixed(1).padStart(9)} ${row.cpuPercent.toFixed(0).padStart(9)}%`,
      );
    }
    console.log(`ingest peak RSS: ${peakRssMiB(pid).toFixed(0)} MiB`);
  } finally {
    ingest.kill('SIGTERM');
  }
}

await main();
