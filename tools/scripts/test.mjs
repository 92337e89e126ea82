#!/usr/bin/env node
// `npm test`: lint, type-check, formatting, then every project's tests (unit and integration)
// against one real Kafka broker and one real PostgreSQL, brought up once for the run.
import './node-version.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, root } from './build.mjs';

const started = Date.now();
const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const reports = join(root, 'tmp', 'jest-reports');
const env = {
  ...process.env,
  HOOKLINE_JEST_REPORT_DIR: reports,
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: '0',
};
const nx = (args) =>
  spawnSync(join(root, 'node_modules', '.bin', 'nx'), [...args, '--outputStyle=stream'], {
    cwd: root,
    stdio: 'inherit',
    env,
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
let infra;
try {
  infra = await Promise.all([provideKafka(process.env), providePostgres(process.env)]);
} catch (error) {
  say(error.name === 'LauncherError' ? error.message : String(error?.stack ?? error));
  process.exit(1);
}
const [kafka, postgres] = infra;
say(
  `Kafka at ${kafka.address} (${kafka.mode}), PostgreSQL (${postgres.mode}) ready after ${((Date.now() - started) / 1000).toFixed(1)}s`,
);

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
let status;
try {
  status = nx(['run-many', '-t', 'test', '--parallel=2']).status;
} finally {
  await Promise.all([kafka.release(), postgres.release()]);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(reports)) {
  const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numRuntimeErrorTestSuites > 0) failed += report.numRuntimeErrorTestSuites;
}
say(`finished in ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(status === 0 && failed === 0 && passed > 0 ? 0 : 1);
