#!/usr/bin/env node
// Makes sure `promtool` (Prometheus's rule checker, Debian package `prometheus`) is on PATH
// for the alert rule tests in deploy/k8s. As root with apt-get, installs it when missing;
// otherwise says once which checks will not run and how to run them. Never fails the run:
// the tests themselves fail in CI when promtool is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const has = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

export function ensurePromtool() {
  if (has('promtool', ['--version'])) return true;
  const root = process.getuid?.() === 0;
  if (root && has('apt-get', ['--version'])) {
    say('promtool not found: installing the Debian package `prometheus` (apt-get)');
    const apt = (args) =>
      spawnSync('apt-get', args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0;
    if (
      apt(['update']) &&
      apt(['install', '-y', '--no-install-recommends', 'prometheus']) &&
      has('promtool', ['--version'])
    )
      return true;
    say('installing `prometheus` failed');
  }
  say(
    'promtool not found: the alert rule checks will not run (`promtool check rules` and ' +
      '`promtool test rules` on deploy/k8s/alerts/). Install it (Debian/Ubuntu: ' +
      '`apt-get install prometheus`; or the promtool of a Prometheus release) and run ' +
      '`npx nx run k8s:test`.',
  );
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensurePromtool();
