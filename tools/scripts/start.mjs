#!/usr/bin/env node
// `npm start`: build, then bring up Kafka, PostgreSQL and the five services.
import './node-version.mjs';
import { build, root } from './build.mjs';

build();
const { main } = await import(`${root}/dist/deploy/local/src/cli.js`);
process.exitCode = await main(['start']);
