import { spawnSync } from 'node:child_process';
import { describeWith } from './tool-gate.js';

/** Suites that run amtool (tools/scripts/ensure-amtool.mjs installs it). */
export const describeWithAmtool = describeWith({
  name: 'amtool',
  available: spawnSync('amtool', ['--version'], { stdio: 'ignore' }).status === 0,
  notice:
    '[hookline] amtool not found: `amtool check-config` and `amtool config routes test` on ' +
    'deploy/alertmanager/alertmanager.yml did not run. Install it (Debian: `apt-get install ' +
    'prometheus-alertmanager`) and run `npx nx run k8s:test`.\n',
  ciFailure: 'amtool is not on PATH; CI must provide it (Debian package prometheus-alertmanager)',
});
