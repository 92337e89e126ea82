// Brings a command from a Debian package onto PATH for a test that needs it: as root with
// apt-get, installs the package when the command is missing (one `apt-get update` per run);
// otherwise says once which checks will not run and how to run them. Never fails the run:
// the tests themselves fail in CI when the command is missing.
import { spawnSync } from 'node:child_process';

const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const has = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const apt = (args) =>
  spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;
let updated = false;

/** True when `command --version` runs, after installing `debianPackage` if it can. */
export function ensureDebianTool({ command, debianPackage, notice }) {
  if (has(command, ['--version'])) return true;
  if (process.getuid?.() === 0 && has('apt-get', ['--version'])) {
    say(`${command} not found: installing the Debian package \`${debianPackage}\` (apt-get)`);
    updated ||= apt(['update']);
    if (
      updated &&
      apt(['install', '-y', '--no-install-recommends', debianPackage]) &&
      has(command, ['--version'])
    )
      return true;
    say(`installing \`${debianPackage}\` failed`);
  }
  say(notice);
  return false;
}
