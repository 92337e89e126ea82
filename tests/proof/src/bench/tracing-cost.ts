// `npx nx run proof:tracing-cost`: what tracing costs ingest at saturation. Starts Kafka
// and PostgreSQL with deploy/local's launchers (reused if running), then the compiled
// ingest service as a process, once per mode and round: tracing off
// (OTEL_SDK_DISABLED=true), on without an endpoint (nothing is started), and on,
// exporting every span over OTLP/HTTP to a dummy collector in this process. Each run
// offers signed Stripe webhooks as fast as 32 keep-alive connections allow and prints
// acknowledged webhooks/s, ack latency p50/p99 and ingest's CPU per 1000 webhooks,
// beside the load average (other work on the machine moves the figures).
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, dropDatabase, ensureKafka, ensurePostgres } from '@hookline/local-infra';
import {
  freePort,
  startChild,
  startOtlpCollector,
  uniqueName,
  waitForReady,
} from '@hookline/testing';
import { writeProofConfig } from '../harness/config.js';
import { loadAverage, processSample } from '../harness/proc.js';
import { Traffic } from '../harness/traffic.js';
import { percentile } from './stats.js';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const seconds = Number(env['BENCH_SECONDS'] ?? 15);
const rounds = Number(env['BENCH_ROUNDS'] ?? 1);
const CONCURRENCY = 32;
const SECRET = 'whsec_tracing_cost';
const say = (line: string) => process.stdout.write(`[tracing-cost] ${line}\n`);
/** dist/tests/proof/src/bench → dist, where build.mjs put the services. */
const compiledRoot = fileURLToPath(new URL('../../../../', import.meta.url));

interface Result {
  mode: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuPer1000: number;
  non200: number;
  load: string;
  exported: string;
}

async function main(): Promise<void> {
  say(
    `${cpus().length} cores; load average ${loadAverage()}; ${seconds} s per run, ${rounds} round(s)`,
  );
  const [kafka, postgres] = await Promise.all([
    ensureKafka({ log: say }),
    ensurePostgres({ log: say }),
  ]);
  const collector = await startOtlpCollector({ keepSpans: false });
  const databaseName = uniqueName('hookline_tracing_');
  const databaseUrl = await createDatabase(postgres.url, databaseName);
  const configPath = writeProofConfig({
    sinkPort: 9,
    sources: { 'cost-stripe': SECRET },
    destinations: [{ id: 'unused' }],
    routes: [{ id: 'unused', destination: 'unused', customer: 'nobody' }],
  });
  const modes: { mode: string; env: Record<string, string> }[] = [
    { mode: 'off (OTEL_SDK_DISABLED=true)', env: { OTEL_SDK_DISABLED: 'true' } },
    { mode: 'on, no endpoint', env: {} },
    {
      mode: 'on, OTLP to a local collector',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint },
    },
  ];
  const results: Result[] = [];
  try {
    for (let round = 1; round <= rounds; round += 1)
      for (const { mode, env: extra } of modes) {
        const before = { requests: collector.requests, bytes: collector.bytes };
        const result = await measure(mode, extra, configPath, kafka.brokers, databaseUrl);
        const requests = collector.requests - before.requests;
        const kib = (collector.bytes - before.bytes) / 1024;
        results.push({
          ...result,
          exported: requests === 0 ? '-' : `${requests} exports, ${kib.toFixed(0)} KiB`,
        });
        say(
          `${mode}: ${result.perSecond.toFixed(0)} webhooks/s, p99 ${result.p99Ms.toFixed(1)} ms`,
        );
      }
  } finally {
    await collector.close();
    await dropDatabase(postgres.url, databaseName).catch(() => undefined);
    await kafka.stop();
    await postgres.stop();
  }
  const rows = results.map(
    (r) =>
      `| ${r.mode} | ${r.perSecond.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.cpuPer1000.toFixed(2)} | ${r.non200} | ${r.exported} | ${r.load} |`,
  );
  process.stdout.write(
    [
      '',
      `ingest at saturation (${CONCURRENCY} connections, ${seconds} s per run, ${cpus().length} cores shared with Kafka, PostgreSQL and this driver)`,
      '',
      '| tracing | webhooks/s | ack p50 ms | ack p99 ms | ingest CPU s / 1000 | not 200 | exported | load average at end |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

async function measure(
  mode: string,
  extra: Record<string, string>,
  configPath: string,
  brokers: string,
  databaseUrl: string,
): Promise<Omit<Result, 'exported'>> {
  const port = await freePort();
  const ingest = startChild(
    join(compiledRoot, 'apps/ingest/src/main.js'),
    {
      HOOKLINE_CONFIG: configPath,
      HOOKLINE_TOPIC_PREFIX: uniqueName('cost'),
      HOOKLINE_TOPIC_PARTITIONS: '3',
      HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
      HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'error',
      ...extra,
    },
    [],
    // BENCH_CPU_PROFILE_DIR: ingest's V8 CPU profile of each run, as `npm run bench` writes.
    env['BENCH_CPU_PROFILE_DIR']
      ? ['--cpu-prof', `--cpu-prof-dir=${join(env['BENCH_CPU_PROFILE_DIR'], 'ingest')}`]
      : [],
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    if (!(await waitForReady(url, 120_000)).ready) throw new Error(`ingest (${mode}) not ready`);
    const traffic = new Traffic(url, { 'cost-stripe': SECRET }, CONCURRENCY);
    const run = randomBytes(3).toString('hex');
    const offer = async (label: string, forSeconds: number) => {
      const started = Date.now();
      await traffic.offer({
        rate: Infinity,
        concurrency: CONCURRENCY,
        until: () => Date.now() - started >= forSeconds * 1_000,
        next: (index) => ({
          sourceId: 'cost-stripe',
          id: `evt_${label}_${run}_${index}`,
          customer: 'cus_cost',
          amountPaid: 5_000,
          destinations: [],
        }),
      });
      return (Date.now() - started) / 1_000;
    };
    await offer('warm', 2);
    traffic.ackLatencies.length = 0;
    const okBefore = traffic.count('200');
    const sentBefore = [...traffic.statuses.values()].reduce((sum, n) => sum + n, 0);
    const pid = ingest.child.pid ?? 0;
    const cpuBefore = processSample(pid).cpuSeconds;
    const elapsed = await offer('run', seconds);
    const cpu = processSample(pid).cpuSeconds - cpuBefore;
    const ok = traffic.count('200') - okBefore;
    const sent = [...traffic.statuses.values()].reduce((sum, n) => sum + n, 0) - sentBefore;
    await traffic.close();
    return {
      mode,
      perSecond: ok / elapsed,
      p50Ms: percentile(traffic.ackLatencies, 50),
      p99Ms: percentile(traffic.ackLatencies, 99),
      cpuPer1000: ok === 0 ? Number.NaN : (1_000 * cpu) / ok,
      non200: sent - ok,
      load: loadAverage(),
    };
  } finally {
    ingest.child.kill('SIGTERM');
    await ingest.exited;
  }
}

await main();
