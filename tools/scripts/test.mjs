#!/usr/bin/env node
// `npm test`: lint, type-check and formatting (checks.mjs, the three at once, each over the
// whole workspace), then every project's tests (unit and integration) against one real
// Kafka broker (the default version) and one real PostgreSQL, brought up once for the run;
// then the Kafka-facing suites again against a second embedded broker of the previous line
// (Kafka 3.9), on ports of its own. The Debian tools some suites need (ensure-test-tools.mjs)
// and the servers come up while the checks run; the second broker may still be starting
// while the main run's tests run.
import './node-version.mjs';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, root } from './build.mjs';
import { runChecks } from './checks.mjs';

const started = Date.now();
const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const reports = join(root, 'tmp', 'jest-reports');
const matrixReports = join(root, 'tmp', 'jest-reports-kafka-matrix');
/**
 * The suites that talk to Kafka, run on every tested broker version: the client library
 * and every service's own. The whole-pipeline, CLI, console and fault suites use the same
 * client calls through those services and run on the main broker only.
 */
const KAFKA_FACING = [
  'libs/kafka',
  'apps/ingest',
  'apps/normalizer',
  'apps/router',
  'apps/executor',
  'apps/replay',
];
const env = {
  ...process.env,
  HOOKLINE_JEST_REPORT_DIR: reports,
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: '0',
};
/**
 * Every project's tests in one jest run (jest.config.js): its workers take the test files
 * slowest first, whichever project they belong to. Three on two cores: most suites spend
 * their time waiting on the broker, the database or the services they start. Resolves
 * with the exit status; not a synchronous spawn, so that the second broker goes on
 * starting meanwhile.
 */
const jest = (args, extraEnv = {}) =>
  new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'tools/scripts/jest.mjs'),
        '--config',
        'jest.config.js',
        '--maxWorkers=3',
        ...args,
      ],
      { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } },
    );
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });

// The Debian tools (promtool for the alert rule tests, Chromium for the console's browser
// tests) install in the background; the servers start once the test library is built.
const tools = new Promise((resolve) => {
  const child = spawn(process.execPath, [join(root, 'tools/scripts/ensure-test-tools.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  child.once('exit', resolve);
  child.once('error', resolve);
});
build();
const { provideKafka, providePostgres } = await import(
  `${root}/dist/libs/testing/src/jest/test-infrastructure.js`
);
const { DEFAULT_KAFKA_VERSION, ensureKafka, matrixKafkaOptions } = await import(
  `${root}/dist/deploy/local/src/index.js`
);
const mainVersion = process.env.HOOKLINE_KAFKA_VERSION?.trim() || DEFAULT_KAFKA_VERSION;
const main = Promise.all([provideKafka(process.env), providePostgres(process.env)]);
// Once the main broker is up, so that only one Maven at a time fills ~/.m2 on a fresh
// machine. With KAFKA_BROKERS the run uses that broker alone.
const matrix = main.then(([kafka]) =>
  kafka.mode === 'embedded' ? ensureKafka(matrixKafkaOptions()) : undefined,
);
// Settled here so that a failure is reported where it is awaited, not as an unhandled one.
const servers = Promise.allSettled([main, matrix]);

/** Stops what this run started (a failed start leaves nothing to stop). */
async function releaseServers() {
  const [started, matrixStarted] = await servers;
  await Promise.all([
    ...(started.status === 'fulfilled' ? started.value.map((server) => server.release()) : []),
    matrixStarted.status === 'fulfilled' ? matrixStarted.value?.stop() : undefined,
  ]);
}

say('lint, type-check and formatting, at once');
const failedChecks = await runChecks(undefined, say);
if (failedChecks.length > 0) {
  say(
    failedChecks.includes('format')
      ? 'these files are not formatted: run `npm run format`'
      : `${failedChecks.join(' and ')} failed`,
  );
  await releaseServers();
  process.exit(1);
}

/** What a failed start said, then stops what did start. */
async function failStart(error) {
  say(error.name === 'LauncherError' ? error.message : String(error?.stack ?? error));
  await releaseServers();
  process.exit(1);
}

// The main run needs the main servers only; the second broker may still be starting.
const [mainStarted] = await servers;
if (mainStarted.status === 'rejected') await failStart(mainStarted.reason);
const [kafka, postgres] = mainStarted.value;
say(
  `Kafka${kafka.mode === 'embedded' ? ` ${mainVersion}` : ''} at ${kafka.address} (${kafka.mode}), PostgreSQL (${postgres.mode}) ready after ${((Date.now() - started) / 1000).toFixed(1)}s`,
);

for (const dir of [reports, matrixReports]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
await tools;
let status;
let matrixStatus = 0;
let matrixKafka;
try {
  status = await jest([]);
  const [, matrixStarted] = await servers;
  if (matrixStarted.status === 'rejected') await failStart(matrixStarted.reason);
  matrixKafka = matrixStarted.value;
  if (matrixKafka) {
    say(
      `the Kafka-facing suites on Kafka ${matrixKafka.version} at ${matrixKafka.brokers}: ${KAFKA_FACING.join(', ')}`,
    );
    matrixStatus = await jest(['--selectProjects', ...KAFKA_FACING], {
      KAFKA_BROKERS: matrixKafka.brokers,
      // The brokers a suite starts of its own (startPrivateKafka) run the same version.
      HOOKLINE_KAFKA_VERSION: matrixKafka.version,
      HOOKLINE_JEST_REPORT_DIR: matrixReports,
    });
  } else {
    say(`Kafka ${kafka.address} is not embedded: the suites ran on that broker only`);
  }
} finally {
  await releaseServers();
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
