#!/usr/bin/env node
// Compiles apps, libs and the local launcher to dist/ with swc (type-checking is the
// `typecheck` target's job), and the operator console (apps/console) with Vite into
// dist/apps/console, which the replay app serves. Exported so start/test can build in-process.
import './node-version.mjs';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function build() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'swc'),
    [
      'apps',
      'libs',
      'deploy/local/src',
      '-d',
      'dist',
      '--copy-files',
      '--quiet',
      '--ignore',
      '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/jest.config.js,apps/console/**',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) fail();
  buildConsole(join(root, 'dist', 'apps', 'console'));
}

/** The console's static files into `outDir` (tests build one of their own). */
export function buildConsole(outDir) {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'apps/console/vite.config.ts', '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) fail();
}

function fail() {
  process.stderr.write('[hookline] build failed\n');
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
