#!/usr/bin/env node
// Runs jest in native ESM mode (NestJS 12 ships ES modules only, and jest loads them
// only through Node's VM modules).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const jestBin = join(dirname(require.resolve('jest/package.json')), 'bin/jest.js');
const nodeOptions = [
  process.env.NODE_OPTIONS,
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
  // kafkajs 2.2.4 arms a timer with a negative delay on Node 24; harmless, fixed upstream only in source.
  '--disable-warning=TimeoutNegativeWarning',
]
  .filter(Boolean)
  .join(' ');
// Under `npm test`, every project's run leaves a JSON report for the closing tally.
const args = process.argv.slice(2);
const reportDir = process.env.HOOKLINE_JEST_REPORT_DIR;
if (reportDir) {
  const config = args[args.indexOf('--config') + 1] ?? 'jest';
  args.push(
    '--json',
    `--outputFile=${join(reportDir, `${config.replace(/[^a-z0-9]+/gi, '_')}.json`)}`,
  );
}
const result = spawnSync(process.execPath, [jestBin, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
process.exit(result.status ?? 1);
