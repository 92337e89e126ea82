#!/usr/bin/env node
// `hookline`, the operator CLI (docs/cli.md). Built to dist/apps/cli/src/main.js, which
// the workspace's bin (tools/scripts/hookline.mjs) runs.
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
