#!/usr/bin/env node
// `npm test`: lint, type-check, formatting, then every project's tests (unit and integration)
// against one real Kafka broker (the default version) and one real PostgreSQL, brought up
// once for the run; then the Kafka-facing suites again against a second embedded broker of
// the previous line (Kafka 3.9), on ports of its own.
import './node-version.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, root } from './build.mjs';
import { ensureAmtool } from './ensure-amtool.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensurePromtool } from './ensure-promtool.mjs';

const started = Date.now();
const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const reports = join(root, 'tmp', 'jest-reports');
const matrixReports = join(root, 'tmp', 'jest-reports-kafka-matrix');
/** The suites that talk to Kafka, run on every tested broker version. */
const KAFKA_FACING = [
  'kafka',
  'ingest',
  'normalizer',
  'router',
  'executor',
  'replay',
  'pipeline-e2e',
];
/** Of those, suites that bring a Kafka of their own (`npm start`'s): not run again. */
const OWN_KAFKA_SUITES = 'local-stack';
const env = {
  ...process.env,
  HOOKLINE_JEST_REPORT_DIR: reports,
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: '0',
};
const nx = (args, extraEnv = {}) =>
  spawnSync(join(root, 'node_modules', '.bin', 'nx'), [...args, '--outputStyle=stream'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });

say('lint, type-check and formatting');
if (nx(['run-many', '-t', 'lint', 'typecheck']).status !== 0) {
  say('lint or type-check failed');
  process.exit(1);
}
const formatting = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['format:check', '--all'], {
  cwd: root,
  stdio: 'inherit',
  env,
});
if (formatting.status !== 0) {
  say('these files are not formatted: run `npm run format`');
  process.exit(1);
}

// Bring Kafka and PostgreSQL up once here; each project's jest global setup then
// reuses them instead of starting and stopping its own.
build();
const { provideKafka, providePostgres } = await import(
  `${root}/dist/libs/testing/src/jest/test-infrastructure.js`
);
const { DEFAULT_KAFKA_VERSION, ensureKafka, matrixKafkaOptions } = await import(
  `${root}/dist/deploy/local/src/index.js`
);
const mainVersion = process.env.HOOKLINE_KAFKA_VERSION?.trim() || DEFAULT_KAFKA_VERSION;

let infra;
try {
  const main = Promise.all([provideKafka(process.env), providePostgres(process.env)]);
  // Once the main broker is up, so that only one Maven at a time fills ~/.m2 on a fresh
  // machine. With KAFKA_BROKERS the run uses that broker alone.
  const matrix = main.then(([kafka]) =>
    kafka.mode === 'embedded' ? ensureKafka(matrixKafkaOptions()) : undefined,
  );
  infra = [...(await main), await matrix];
} catch (error) {
  say(error.name === 'LauncherError' ? error.message : String(error?.stack ?? error));
  process.exit(1);
}
const [kafka, postgres, matrixKafka] = infra;
say(
  `Kafka${kafka.mode === 'embedded' ? ` ${mainVersion}` : ''} at ${kafka.address} (${kafka.mode})${matrixKafka ? `, Kafka ${matrixKafka.version} at ${matrixKafka.brokers}` : ''}, PostgreSQL (${postgres.mode}) ready after ${((Date.now() - started) / 1000).toFixed(1)}s`,
);

for (const dir of [reports, matrixReports]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
// The alert rule tests (deploy/k8s) need promtool, the Alertmanager example's amtool; the
// console's browser tests, Chromium.
ensurePromtool();
ensureAmtool();
ensureChromium();
let status;
let matrixStatus = 0;
try {
  status = nx(['run-many', '-t', 'test', '--parallel=2']).status;
  if (matrixKafka) {
    say(`the Kafka-facing suites on Kafka ${matrixKafka.version}: ${KAFKA_FACING.join(', ')}`);
    matrixStatus = nx(
      [
        ...['run-many', '-t', 'test', '--parallel=2', '-p', ...KAFKA_FACING],
        `--testPathIgnorePatterns=${OWN_KAFKA_SUITES}`,
      ],
      {
        KAFKA_BROKERS: matrixKafka.brokers,
        HOOKLINE_JEST_REPORT_DIR: matrixReports,
      },
    ).status;
  } else {
    say(`Kafka ${kafka.address} is not embedded: the suites ran on that broker only`);
  }
} finally {
  await Promise.all([kafka.release(), postgres.release(), matrixKafka?.stop()]);
}

/** Test counts from a folder of jest JSON reports. */
function tally(dir) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of readdirSync(dir)) {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    if (report.numRuntimeErrorTestSuites > 0) totals.failed += report.numRuntimeErrorTestSuites;
  }
  return totals;
}
const all = tally(reports);
const onMatrix = tally(matrixReports);
if (matrixKafka)
  say(
    `Kafka ${mainVersion}: all suites, ${all.passed} passed, ${all.failed} failed; Kafka ${matrixKafka.version}: Kafka-facing suites, ${onMatrix.passed} passed, ${onMatrix.failed} failed`,
  );
const passed = all.passed + onMatrix.passed;
const failed = all.failed + onMatrix.failed;
const skipped = all.skipped + onMatrix.skipped;
say(`finished in ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(
  status === 0 &&
    matrixStatus === 0 &&
    failed === 0 &&
    all.passed > 0 &&
    (!matrixKafka || onMatrix.passed > 0)
    ? 0
    : 1,
);
