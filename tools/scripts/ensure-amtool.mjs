#!/usr/bin/env node
// Makes sure `amtool` (Alertmanager's config checker, Debian package `prometheus-alertmanager`)
// is on PATH for the Alertmanager example's tests in deploy/k8s (see debian-tool.mjs).
import { fileURLToPath } from 'node:url';
import { ensureDebianTool } from './debian-tool.mjs';

export const ensureAmtool = () =>
  ensureDebianTool({
    command: 'amtool',
    debianPackage: 'prometheus-alertmanager',
    notice:
      'amtool not found: the Alertmanager example checks will not run (`amtool check-config` ' +
      'and `amtool config routes test` on deploy/alertmanager/alertmanager.yml). Install it ' +
      '(Debian/Ubuntu: `apt-get install prometheus-alertmanager`; or the amtool of an ' +
      'Alertmanager release) and run `npx nx run k8s:test`.',
  });

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureAmtool();
