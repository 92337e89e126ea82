import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { alertRules } from './alert-rules.js';
import { describeWithAmtool } from './amtool-gate.js';
import { REPO_ROOT } from './render.js';

const CONFIG_FILE = join(REPO_ROOT, 'deploy', 'alertmanager', 'alertmanager.yml');

interface AlertmanagerConfig {
  route: { receiver: string; group_by: string[]; routes: { receiver: string }[] };
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
  receivers: { name: string; slack_configs?: Record<string, unknown>[] }[];
}

const config = parse(readFileSync(CONFIG_FILE, 'utf8')) as AlertmanagerConfig;
const PAGES = 'slack-pages';
const TICKETS = 'slack-tickets';

describe('the Alertmanager example (deploy/alertmanager/alertmanager.yml)', () => {
  it('groups by alert, destination and tier', () => {
    expect(config.route.group_by).toEqual(['alertname', 'destination', 'tier']);
  });

  it('reads every Slack webhook URL from a file, never inline', () => {
    const slack = config.receivers.flatMap((receiver) => receiver.slack_configs ?? []);
    expect(slack).toHaveLength(2);
    for (const entry of slack) {
      expect(entry['api_url']).toBeUndefined();
      expect(String(entry['api_url_file'])).toMatch(/^\/etc\/alertmanager\/secrets\//);
    }
  });

  it('lets a page inhibit the ticket of the same alert family and tier', () => {
    expect(config.inhibit_rules).toContainEqual({
      source_matchers: ['severity="page"'],
      target_matchers: ['severity="ticket"'],
      equal: ['family', 'tier'],
    });
    // The family the inhibition keys on: both burn alerts carry it.
    const families = alertRules()
      .filter((rule) => rule.alert.startsWith('HooklineSloBurn'))
      .map((rule) => [rule.labels?.['severity'], rule.labels?.['family']]);
    expect(families).toEqual([
      ['page', 'slo_burn'],
      ['ticket', 'slo_burn'],
    ]);
  });
});

describeWithAmtool(
  'amtool on the Alertmanager example',
  () => {
    const amtool = (...args: string[]) => spawnSync('amtool', args, { encoding: 'utf8' });

    it('`amtool check-config` accepts it', () => {
      const result = amtool('check-config', CONFIG_FILE);
      expect({ status: result.status, output: result.stdout + result.stderr }).toEqual(
        expect.objectContaining({ status: 0 }),
      );
    });

    it.each(alertRules().map((rule) => [rule.alert, rule] as const))(
      '%s is routed by its severity: pages to the paging channel, the rest to tickets',
      (name, rule) => {
        const severity = rule.labels?.['severity'] ?? '';
        const labels = [`alertname=${name}`, `severity=${severity}`, 'tier=1', 'destination=crm'];
        const result = amtool(
          'config',
          'routes',
          'test',
          `--config.file=${CONFIG_FILE}`,
          ...labels,
        );
        expect(result.status).toBe(0);
        expect(result.stdout.trim()).toBe(/^(page|critical)$/.test(severity) ? PAGES : TICKETS);
      },
    );
  },
  { announce: true },
);
