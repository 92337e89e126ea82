import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// What the alerting rules (deploy/k8s/alerts) and the Grafana dashboard (deploy/grafana)
// read, so tests can hold it against what the services register and export.

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
/** A recording rule: `record` names the series its expression yields. */
export interface RecordingRule {
  record: string;
  expr: string;
}
export interface RuleGroup {
  name: string;
  rules: (AlertRule | RecordingRule)[];
}

export function ruleGroups(file: string): RuleGroup[] {
  return (parse(readFileSync(file, 'utf8')) as { groups: RuleGroup[] }).groups;
}

export function alertRules(file: string): AlertRule[] {
  return ruleGroups(file).flatMap((group) =>
    group.rules.filter((rule): rule is AlertRule => 'alert' in rule),
  );
}

export function recordingRules(file: string): RecordingRule[] {
  return ruleGroups(file).flatMap((group) =>
    group.rules.filter((rule): rule is RecordingRule => 'record' in rule),
  );
}

/**
 * The service metrics every rule expression reads: recorded series (`hookline:…`) are
 * followed to the expressions that make them, so only exported names are left.
 */
export function metricNamesOfRules(file: string): Map<string, string[]> {
  const recorded = new Set(recordingRules(file).map((rule) => rule.record));
  const readBy = new Map<string, string[]>();
  for (const group of ruleGroups(file))
    for (const rule of group.rules) {
      const name = 'alert' in rule ? rule.alert : rule.record;
      for (const metric of metricNamesOf(rule.expr))
        if (!recorded.has(metric)) readBy.set(metric, [...(readBy.get(metric) ?? []), name]);
    }
  return readBy;
}

/** PromQL words that are not metric names: functions, aggregations, keywords. */
const PROMQL_WORDS = new Set([
  ...['sum', 'min', 'max', 'avg', 'count', 'topk', 'bottomk', 'quantile', 'stddev', 'group'],
  ...['rate', 'irate', 'increase', 'delta', 'deriv', 'histogram_quantile', 'absent'],
  ...['by', 'without', 'and', 'or', 'unless', 'on', 'ignoring', 'bool', 'offset'],
  ...['clamp_min', 'clamp_max', 'abs', 'time', 'vector', 'scalar', 'sort', 'sort_desc'],
  ...['round', 'ceil', 'floor', 'max_over_time', 'min_over_time', 'avg_over_time', 'le'],
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

/** A Grafana panel as far as these checks read it. */
export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
}

export function dashboardPanels(file: string): DashboardPanel[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { panels: DashboardPanel[] }).panels;
}

/**
 * The service metrics a dashboard's queries read, each with the panels reading it; the
 * series `rulesFile` records (`hookline:…`) are not service metrics and are left out.
 */
export function metricNamesOfDashboard(file: string, rulesFile: string): Map<string, string[]> {
  const recorded = new Set(recordingRules(rulesFile).map((rule) => rule.record));
  const readBy = new Map<string, string[]>();
  for (const panel of dashboardPanels(file))
    for (const target of panel.targets ?? [])
      for (const metric of metricNamesOf(target.expr))
        if (!recorded.has(metric)) readBy.set(metric, [...(readBy.get(metric) ?? []), panel.title]);
  return readBy;
}
