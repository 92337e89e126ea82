#!/usr/bin/env node
// Makes sure Chromium (Debian package `chromium`) is on PATH for the console's browser tests
// in tests/console. As root with apt-get, installs it when missing; otherwise says once which
// checks will not run and how to run them. Never fails the run: the tests themselves fail in
// CI when Chromium is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const has = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

export function ensureChromium() {
  if (has('chromium', ['--version'])) return true;
  const root = process.getuid?.() === 0;
  if (root && has('apt-get', ['--version'])) {
    say('chromium not found: installing the Debian package `chromium` (apt-get)');
    const apt = (args) =>
      spawnSync('apt-get', args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0;
    if (
      apt(['update']) &&
      apt(['install', '-y', '--no-install-recommends', 'chromium']) &&
      has('chromium', ['--version'])
    )
      return true;
    say('installing `chromium` failed');
  }
  say(
    'chromium not found: the console browser tests will not run (tests/console: sign-in, ' +
      'find and replay a failed event, accessibility of every page, screenshots). Install it ' +
      '(Debian/Ubuntu: `apt-get install chromium`) and run `npx nx run console-e2e:test`.',
  );
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureChromium();
