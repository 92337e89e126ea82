import { spawnSync } from 'node:child_process';
import { describeWith } from './tool-gate.js';

/** Suites that run promtool (tools/scripts/ensure-promtool.mjs installs it). */
export const describeWithPromtool = describeWith({
  name: 'promtool',
  available: spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0,
  notice:
    '[hookline] promtool not found: `promtool check rules` and `promtool test rules` on ' +
    'deploy/k8s/alerts/ did not run. Install it (Debian: `apt-get install prometheus`) and ' +
    'run `npx nx run k8s:test`.\n',
  ciFailure: 'promtool is not on PATH; CI must provide it (Debian package prometheus)',
});
