#!/usr/bin/env node
// Makes sure Chromium (Debian package `chromium`) is on PATH for the console's browser tests
// in tests/console (see debian-tool.mjs).
import { fileURLToPath } from 'node:url';
import { ensureDebianTool } from './debian-tool.mjs';

export const ensureChromium = () =>
  ensureDebianTool({
    command: 'chromium',
    debianPackage: 'chromium',
    notice:
      'chromium not found: the console browser tests will not run (tests/console: sign-in, ' +
      'find and replay a failed event, accessibility of every page, screenshots). Install it ' +
      '(Debian/Ubuntu: `apt-get install chromium`) and run `npx nx run console-e2e:test`.',
  });

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureChromium();
