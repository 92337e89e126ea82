#!/usr/bin/env node
// Makes sure `promtool` (Prometheus's rule checker, Debian package `prometheus`) is on PATH
// for the alert rule tests in deploy/k8s (see debian-tool.mjs).
import { fileURLToPath } from 'node:url';
import { ensureDebianTool } from './debian-tool.mjs';

export const ensurePromtool = () =>
  ensureDebianTool({
    command: 'promtool',
    debianPackage: 'prometheus',
    notice:
      'promtool not found: the alert rule checks will not run (`promtool check rules` and ' +
      '`promtool test rules` on deploy/k8s/alerts/). Install it (Debian/Ubuntu: ' +
      '`apt-get install prometheus`; or the promtool of a Prometheus release) and run ' +
      '`npx nx run k8s:test`.',
  });

if (process.argv[1] === fileURLToPath(import.meta.url)) ensurePromtool();
