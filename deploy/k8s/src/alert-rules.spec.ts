import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  ALERTS_DIR,
  alertRules,
  exposedSeriesNames,
  metricNamesOf,
  metricNamesOfRules,
  PROMETHEUS_RULE_FILE,
  registeredMetricNames,
  RULE_TESTS_FILE,
  recordingRules,
  RULES_FILE,
  ruleGroups,
} from './alert-rules.js';
import { describeWithPromtool } from './promtool-gate.js';
import { REPO_ROOT } from './render.js';

const alerts = alertRules();

describe('alerting rules (deploy/k8s/alerts/hookline.rules.yaml)', () => {
  it('the PrometheusRule in the base carries exactly the rules file (`npx nx run k8s:prometheus-rule`)', () => {
    const rule = parse(readFileSync(PROMETHEUS_RULE_FILE, 'utf8')) as {
      kind: string;
      spec: { groups: unknown };
    };
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups).toEqual(ruleGroups());
  });

  it.each(alerts.map((rule) => [rule.alert, rule] as const))(
    '%s has a severity, a summary, a description and a runbook that exists',
    (name, rule) => {
      // page/ticket: the SLO burn alerts; critical/warning: the rest (see deploy/alertmanager).
      expect(rule.labels?.severity).toMatch(/^(page|critical|ticket|warning)$/);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      const runbook = `docs/runbooks/${name}.md`;
      expect(rule.annotations?.runbook_url?.endsWith(`/${runbook}`)).toBe(true);
      expect(existsSync(join(REPO_ROOT, runbook))).toBe(true);
    },
  );

  it('every metric an expression reads is registered by the services', () => {
    const exposed = exposedSeriesNames();
    const unknown = [...metricNamesOfRules()]
      .filter(([name]) => !exposed.has(name))
      .map(([name, rules]) => `${rules.join(', ')}: ${name}`);
    expect(unknown).toEqual([]);
  });

  it('recording rules follow the level:metric:operations naming, each read by some rule', () => {
    const expressions = ruleGroups()
      .flatMap((group) => group.rules)
      .map((rule) => rule.expr);
    for (const rule of recordingRules()) {
      expect(rule.record).toMatch(/^hookline:[a-z_]+:[a-z0-9_]+$/);
      expect(expressions.some((expr) => metricNamesOf(expr).includes(rule.record))).toBe(true);
    }
  });

  it('the metric check finds the registered names and rejects an unknown one', () => {
    const registered = registeredMetricNames();
    expect(registered.get('hookline_consumer_lag_records')).toBe('gauge');
    expect(registered.get('hookline_executor_delivery_attempts_total')).toBe('counter');
    expect(exposedSeriesNames()).toContain('hookline_executor_attempt_duration_seconds_bucket');
    expect(
      metricNamesOf(
        'sum by (destination) (rate(hookline_nope_total{outcome="delivered"}[5m])) / on (destination) hookline_consumer_lag_records > 0.9',
      ),
    ).toEqual(['hookline_nope_total', 'hookline_consumer_lag_records']);
  });
});

describeWithPromtool(
  'promtool on the alerting rules',
  () => {
    const promtool = (...args: string[]) =>
      spawnSync('promtool', args, { cwd: ALERTS_DIR, encoding: 'utf8' });

    it('`promtool check rules` accepts the rules file', () => {
      const result = promtool('check', 'rules', RULES_FILE);
      expect({ status: result.status, output: result.stdout + result.stderr }).toEqual(
        expect.objectContaining({ status: 0 }),
      );
    });

    it('`promtool test rules`: each alert fires on its input series and stays silent beside it', () => {
      const result = promtool('test', 'rules', RULE_TESTS_FILE);
      expect({ status: result.status, output: result.stdout + result.stderr }).toEqual(
        expect.objectContaining({ status: 0 }),
      );
    });

    it('every alert has a unit test', () => {
      const tests = readFileSync(RULE_TESTS_FILE, 'utf8');
      for (const rule of alerts) expect(tests).toContain(`alertname: ${rule.alert}`);
    });
  },
  { announce: true },
);
