import { describe, expect, it } from '@jest/globals';
import { exposedSeriesNames, metricNamesOf, recordingRules } from './alert-rules.js';
import { dashboardPanels, metricNamesOfDashboard } from './dashboard.js';

const panels = dashboardPanels();
const queries = panels.filter((panel) => panel.type !== 'row');

describe('the Grafana dashboard (deploy/grafana/hookline.json)', () => {
  it('has unique panel ids, and every query panel reads the chosen Prometheus', () => {
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    for (const panel of queries) {
      expect(panel.datasource?.uid).toBe('${datasource}');
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it('lays the panels out on the 24-column grid without overlaps', () => {
    const cells = new Set<string>();
    for (const { gridPos } of panels) {
      expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++)
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it("shows the console overview's figures and each tier's error budget", () => {
    const read = metricNamesOfDashboard();
    for (const metric of [
      'hookline_ingest_requests_total',
      'hookline_executor_delivery_attempts_total',
      'hookline_consumer_records_dead_lettered_total',
      'hookline_consumer_lag_records',
      'hookline_executor_circuit_open',
      'hookline_consumer_records_retried_total',
      'hookline_executor_attempt_duration_seconds_bucket',
      'hookline_slo_deliveries_total',
    ])
      expect(read.has(metric)).toBe(true);
    const budget = queries.find((panel) => panel.title.startsWith('Error budget'));
    expect(metricNamesOf(budget?.targets?.[0]?.expr ?? '')).toContain(
      'hookline:slo_error_budget:ratio',
    );
  });

  it('reads only metrics the services register and series the rules record', () => {
    const exposed = exposedSeriesNames();
    const unknown = [...metricNamesOfDashboard()]
      .filter(([name]) => !exposed.has(name))
      .map(([name, titles]) => `${titles.join(', ')}: ${name}`);
    expect(unknown).toEqual([]);
    const recorded = new Set(recordingRules().map((rule) => rule.record));
    const unrecorded = queries
      .flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => metricNamesOf(target.expr))
      .filter((name) => name.includes(':') && !recorded.has(name));
    expect(unrecorded).toEqual([]);
  });
});
