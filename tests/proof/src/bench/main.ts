// `npm run bench [-- --quick]`: the benchmark suite (not a test; it prints figures). Starts
// Kafka and PostgreSQL with deploy/local's launchers (on HOOKLINE_KAFKA_PORT /
// HOOKLINE_POSTGRES_PORT; reused if already running) and the five compiled services as
// processes (HOOKLINE_PORT_BASE…+4), drives them from this process with signed Stripe
// webhooks, measures the limits beside them, prints the tables and writes
// tmp/bench/latest.json, tmp/bench/latest.md and tmp/bench/throughput.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProducerDefaults, SERVICE_NAMES, type ServiceName } from '@hookline/contracts';
import {
  createDatabase,
  dropDatabase,
  ensureKafka,
  ensurePostgres,
  findWorkspaceRoot,
  javaExecutable,
  stateDir,
} from '@hookline/local-infra';
import { uniqueName } from '@hookline/testing';
import { writeProofConfig } from '../harness/config.js';
import { loadAverage } from '../harness/proc.js';
import { RecordingSink } from '../harness/sink.js';
import { ServiceStack } from '../harness/stack.js';
import { Traffic } from '../harness/traffic.js';
import { brokerClasspath, measureBareRoute, measureBatchedInsert, measureKafka } from './limits.js';
import {
  BENCH_DESTINATIONS,
  BENCH_ROUTES,
  BENCH_SOURCES,
  SLOW_DELAY_MS,
  scenarioPlans,
} from './plans.js';
import { type BenchReport, markdown, svgChart } from './report.js';
import { runScenario, type ScenarioResult } from './scenarios.js';

// eslint-disable-next-line no-restricted-properties -- a benchmark script, not service code
const env = process.env;
const quick = process.argv.includes('--quick') || env['BENCH_QUICK'] === 'true';
const seconds = Number(env['BENCH_SECONDS'] ?? (quick ? 4 : 10));
const portBase = Number(env['HOOKLINE_PORT_BASE'] ?? 8080);
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
/** dist/tests/proof/src/bench → dist, where build.mjs put the services. */
const compiledRoot = fileURLToPath(new URL('../../../../', import.meta.url));

async function main(): Promise<void> {
  const root = findWorkspaceRoot();
  const loadBefore = loadAverage();
  say(`${quick ? 'quick' : 'full'} run, ${seconds} s per scenario; load average ${loadBefore}`);
  const [kafka, postgres] = await Promise.all([
    ensureKafka({ log: say }),
    ensurePostgres({ log: say }),
  ]);
  const cleanups: (() => Promise<void>)[] = [() => kafka.stop(), () => postgres.stop()];
  try {
    const databaseName = uniqueName('hookline_bench_');
    const databaseUrl = await createDatabase(postgres.url, databaseName);
    cleanups.unshift(() => dropDatabase(postgres.url, databaseName));
    const sink = await RecordingSink.start();
    cleanups.unshift(() => sink.close());
    sink.setMode('slow', { kind: 'slow', delayMs: SLOW_DELAY_MS });
    const configPath = writeProofConfig({
      sinkPort: sink.port,
      sources: BENCH_SOURCES,
      destinations: BENCH_DESTINATIONS,
      routes: BENCH_ROUTES,
    });
    say(
      `Kafka ${kafka.version} at ${kafka.brokers}, PostgreSQL ${postgres.version}; starting the services`,
    );
    const stack = await ServiceStack.start({
      compiledRoot,
      configPath,
      kafkaBrokers: kafka.brokers,
      databaseUrl,
      topicPrefix: uniqueName('bench'),
      portBase,
      ...(env['BENCH_CPU_PROFILE_DIR'] ? { cpuProfileDir: env['BENCH_CPU_PROFILE_DIR'] } : {}),
    });
    cleanups.unshift(() => stack.stop());
    const traffic = new Traffic(stack.url('ingest'), BENCH_SOURCES, 64);
    cleanups.unshift(() => traffic.close());
    const context = {
      stack,
      sink,
      traffic,
      databaseUrl,
      drainTimeoutMs: quick ? 120_000 : 180_000,
      kafkaPid: kafka.pid,
      postgresPid: postgres.pid,
    };

    // A short warm-up (JIT, connection pools, consumer assignments), not reported.
    await runScenario(context, { ...scenarioPlans(2, true)[0]!, name: 'warm-up', seconds: 3 });
    const scenarios: ScenarioResult[] = [];
    for (const plan of scenarioPlans(seconds, quick)) {
      say(`${plan.name}: offering for ${plan.seconds} s (load ${loadAverage()})`);
      const result = await runScenario(context, plan);
      scenarios.push(result);
      say(
        `${plan.name}: ${result.acceptedPerSec.toFixed(0)} accepted/s, ${result.deliveredPerSec.toFixed(0)} delivered/s, e2e p50 ${result.e2eP50Ms} ms; tally ${JSON.stringify(result.tally)}`,
      );
    }
    const samples = stack.samples();
    const peakRssMb = Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, samples[service].peakRssMb]),
    ) as Record<ServiceName, number>;
    await stack.stop();

    say('limits: Kafka ProducerPerformance and EndToEndLatency on the same broker');
    const kafkaLimits = await measureKafka({
      java: javaExecutable(),
      classpath: brokerClasspath(stateDir('kafka', root)),
      brokers: kafka.brokers,
      records: quick ? 50_000 : 200_000,
      recordBytes: 1_024,
      // As the services send: their settings from this environment, or their defaults.
      compression: env['KAFKA_COMPRESSION'] === 'gzip' ? 'gzip' : ProducerDefaults.compression,
      lingerMs: Number(env['KAFKA_LINGER_MS'] ?? ProducerDefaults.lingerMs),
    });
    say('limits: a bare Fastify route with the same HMAC check');
    const bareRoute = await measureBareRoute({
      script: join(compiledRoot, 'tests/proof/src/bench/bare-route.js'),
      secret: BENCH_SOURCES['bench-stripe'] ?? '',
      seconds,
      concurrency: 64,
    });
    say('limits: a plain batched INSERT on the same PostgreSQL');
    const batchedInsertRowsPerSec = await measureBatchedInsert({
      databaseUrl,
      seconds,
      batch: 100,
      concurrency: 4,
      bodyBytes: 700,
    });
    const report: BenchReport = {
      machine: {
        when: new Date().toISOString(),
        cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
        memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
        kernel: release(),
        node: process.version,
        kafka: kafka.version,
        postgresql: postgres.version,
        run: `${quick ? 'quick' : 'full'}, ${seconds} s per scenario`,
        'load average (1/5/15 min) before / after': `${loadBefore} / ${loadAverage()}`,
      },
      scenarios,
      limits: { kafka: kafkaLimits, bareRoute, batchedInsertRowsPerSec },
      peakRssMb,
    };
    const table = markdown(report);
    process.stdout.write(`\n${table}\n`);
    const out = join(root, 'tmp', 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, 'latest.md'), table);
    writeFileSync(join(out, 'throughput.svg'), svgChart(report));
    say(`written: ${join(out, 'latest.json')}, latest.md, throughput.svg`);
    const lost = scenarios.filter(
      (s) => s.tally.missing > 0 || s.tally.duplicateEffects > 0 || s.tally.unexpected > 0,
    );
    if (lost.length > 0) {
      say(`LOSS OR DUPLICATES in: ${lost.map((s) => s.name).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    for (const cleanup of cleanups)
      await cleanup().catch((error) => say(`cleanup: ${String(error)}`));
  }
}

await main();
