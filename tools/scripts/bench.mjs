#!/usr/bin/env node
// `npm run bench [-- --quick]`: build the services and the benchmark suite (tests/proof),
// then run it. It starts and stops everything itself; see docs/performance.md.
// `--script NAME` runs tests/proof/src/bench/NAME.ts instead (`tracing-cost`, see
// docs/tracing.md).
import './node-version.mjs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build, root } from './build.mjs';

build();
const swc = spawnSync(
  join(root, 'node_modules', '.bin', 'swc'),
  ['tests/proof/src', '-d', 'dist', '--quiet', '--ignore', '**/*.spec.ts,**/*.e2e-spec.ts'],
  { cwd: root, stdio: 'inherit' },
);
if (swc.status !== 0) process.exit(swc.status ?? 1);
const args = process.argv.slice(2);
const at = args.indexOf('--script');
const script = at >= 0 ? args.splice(at, 2)[1] : 'main';
const run = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '--disable-warning=TimeoutNegativeWarning',
    join(root, `dist/tests/proof/src/bench/${script}.js`),
    ...args,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
