import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { K8S_ROOT, REPO_ROOT } from './render.js';

export const ALERTS_DIR = join(K8S_ROOT, 'alerts');
export const RULES_FILE = join(ALERTS_DIR, 'hookline.rules.yaml');
export const RULE_TESTS_FILE = join(ALERTS_DIR, 'hookline.rules.test.yaml');
export const PROMETHEUS_RULE_FILE = join(K8S_ROOT, 'base', 'prometheus-rule.yaml');

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

export function ruleGroups(file = RULES_FILE): RuleGroup[] {
  return (parse(readFileSync(file, 'utf8')) as { groups: RuleGroup[] }).groups;
}

/** PromQL words that are not metric names: functions, aggregations, keywords. */
const PROMQL_WORDS = new Set([
  ...['sum', 'min', 'max', 'avg', 'count', 'topk', 'bottomk', 'quantile', 'stddev', 'group'],
  ...['rate', 'irate', 'increase', 'delta', 'deriv', 'histogram_quantile', 'absent'],
  ...['by', 'without', 'and', 'or', 'unless', 'on', 'ignoring', 'bool', 'offset'],
  ...['clamp_min', 'clamp_max', 'abs', 'time', 'vector', 'scalar'],
]);

/**
 * The metric names an expression reads: what is left once strings, label matchers,
 * ranges, grouping clauses, numbers and PromQL's own words are taken out.
 */
export function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  const words = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(words.filter((word) => !PROMQL_WORDS.has(word)))];
}

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
