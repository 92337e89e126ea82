#!/usr/bin/env node
// The static checks of `npm test`, each over the whole workspace in one process: ESLint
// (module boundaries included), the TypeScript checker and Prettier (`nx format:check`). One TypeScript
// program for all the Node code checks every library once, where one `tsc` per Nx project
// would check each library again for every project that imports it; the two programs with
// the DOM library (the console and its browser tests) are checked on their own. The
// projects' own `lint` and `typecheck` targets check the same files one project at a time
// (`npx nx affected -t lint typecheck`).
//
//   node tools/scripts/checks.mjs [lint] [typecheck] [format]   (default: all three, at once)
import './node-version.mjs';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const cache = (name) => join(root, 'tmp', 'check-cache', name);

/** The checks by name: each a list of commands, run one after the other. */
export const CHECKS = {
  lint: [
    [
      bin('eslint'),
      '--max-warnings=0',
      '--cache',
      '--cache-location',
      cache('eslint'),
      'apps',
      'libs',
      'deploy',
      'tests',
    ],
  ],
  typecheck: ['tsconfig.json', 'tests/console/tsconfig.json', 'apps/console/tsconfig.json'].map(
    (project) => [
      bin('tsc'),
      '-p',
      project,
      '--noEmit',
      '--incremental',
      '--tsBuildInfoFile',
      cache(`${project.replace(/[^a-z0-9]+/gi, '_')}.tsbuildinfo`),
    ],
  ),
  format: [[bin('nx'), 'format:check', '--all']],
};

function run([command, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => resolve({ status: 1, output: `${output}${error.message}\n` }));
    child.once('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

/**
 * Runs the named checks at the same time; each one's output is printed whole once it
 * ends. Resolves with the names of those that failed.
 */
export async function runChecks(names = Object.keys(CHECKS), say = defaultSay) {
  const failed = [];
  await Promise.all(
    names.map(async (name) => {
      const started = Date.now();
      for (const command of CHECKS[name]) {
        const { status, output } = await run(command);
        if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
        if (status !== 0) {
          failed.push(name);
          break;
        }
      }
      say(
        `${name} ${failed.includes(name) ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
      );
    }),
  );
  return failed;
}

function defaultSay(line) {
  process.stdout.write(`[hookline] ${line}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in CHECKS));
  if (unknown.length > 0) {
    process.stderr.write(
      `[hookline] unknown check ${unknown.join(', ')}: the checks are ${Object.keys(CHECKS).join(', ')}\n`,
    );
    process.exit(2);
  }
  const failed = await runChecks(names.length > 0 ? names : undefined);
  process.exit(failed.length > 0 ? 1 : 0);
}
