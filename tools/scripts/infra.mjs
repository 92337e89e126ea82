#!/usr/bin/env node
// `npm run infra -- up|down|status`: the embedded Kafka and PostgreSQL on their own.
import './node-version.mjs';
import { build, root } from './build.mjs';

build();
const { main } = await import(`${root}/dist/deploy/local/src/cli.js`);
process.exitCode = await main(['infra', ...process.argv.slice(2)]);
