#!/usr/bin/env node
// The workspace's `hookline` bin (`npx hookline ...`): runs the CLI as built by
// `npm run build` (tools/scripts/build.mjs) into dist/apps/cli.
import './node-version.mjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist/apps/cli/src/main.js',
);
if (!existsSync(entry)) {
  process.stderr.write('[hookline] the CLI is not built: run `npm run build` first\n');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
