#!/usr/bin/env node
// Writes deploy/k8s/base/prometheus-rule.yaml: the groups of deploy/k8s/alerts/hookline.rules.yaml
// (the one source of the alerting rules) wrapped in a Prometheus Operator PrometheusRule.
// `npx nx run k8s:prometheus-rule`; deploy/k8s/src/alert-rules.spec.ts fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse, stringify } from 'yaml';
import { root } from './build.mjs';

const source = 'deploy/k8s/alerts/hookline.rules.yaml';
const target = join(root, 'deploy/k8s/base/prometheus-rule.yaml');
const { groups } = parse(readFileSync(join(root, source), 'utf8'));
const rule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'hookline' },
  spec: { groups },
};
const text =
  `# Generated from ${source} by \`npx nx run k8s:prometheus-rule\`; edit that file, not this one.\n` +
  stringify(rule, { lineWidth: 0 });
const options = { ...(await resolveConfig(target)), filepath: target };
writeFileSync(target, await format(text, options));
process.stdout.write(`[hookline] wrote ${target}\n`);
