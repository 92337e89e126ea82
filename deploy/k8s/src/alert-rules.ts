import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  alertRules as alertRulesOf,
  metricNamesOfRules as metricNamesOfRulesIn,
  recordingRules as recordingRulesOf,
  ruleGroups as ruleGroupsOf,
} from '@hookline/testing';
import { K8S_ROOT, REPO_ROOT } from './render.js';

export {
  type AlertRule,
  metricNamesOf,
  type RecordingRule,
  type RuleGroup,
} from '@hookline/testing';

export const ALERTS_DIR = join(K8S_ROOT, 'alerts');
export const RULES_FILE = join(ALERTS_DIR, 'hookline.rules.yaml');
export const RULE_TESTS_FILE = join(ALERTS_DIR, 'hookline.rules.test.yaml');
export const PROMETHEUS_RULE_FILE = join(K8S_ROOT, 'base', 'prometheus-rule.yaml');

export const ruleGroups = (file = RULES_FILE) => ruleGroupsOf(file);
export const alertRules = (file = RULES_FILE) => alertRulesOf(file);
export const recordingRules = (file = RULES_FILE) => recordingRulesOf(file);
export const metricNamesOfRules = (file = RULES_FILE) => metricNamesOfRulesIn(file);

const REGISTRATION = /\.(counter|gauge|histogram)\(\s*['"]([a-zA-Z_:][a-zA-Z0-9_:]*)['"]/g;

/** Every metric the services register (`metrics.counter('name', …)` and the like), by name. */
export function registeredMetricNames(): Map<string, 'counter' | 'gauge' | 'histogram'> {
  const found = new Map<string, 'counter' | 'gauge' | 'histogram'>();
  for (const top of ['apps', 'libs']) {
    const files = readdirSync(join(REPO_ROOT, top), { recursive: true, encoding: 'utf8' });
    for (const file of files) {
      if (!file.endsWith('.ts') || /\.(int-|e2e-)?spec\.ts$/.test(file)) continue;
      if (file.includes('node_modules') || file.includes('/bench/')) continue;
      const text = readFileSync(join(REPO_ROOT, top, file), 'utf8');
      for (const match of text.matchAll(REGISTRATION))
        found.set(match[2]!, match[1] as 'counter' | 'gauge' | 'histogram');
    }
  }
  return found;
}

/** The series names a registered metric exposes (a histogram's `_bucket`, `_sum`, `_count`). */
export function exposedSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of registeredMetricNames()) {
    if (type === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}
