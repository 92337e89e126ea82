import { join } from 'node:path';
import {
  dashboardPanels as dashboardPanelsOf,
  metricNamesOfDashboard as metricNamesOfDashboardIn,
} from '@hookline/testing';
import { RULES_FILE } from './alert-rules.js';
import { REPO_ROOT } from './render.js';

export { type DashboardPanel } from '@hookline/testing';

export const DASHBOARD_FILE = join(REPO_ROOT, 'deploy', 'grafana', 'hookline.json');

export const dashboardPanels = (file = DASHBOARD_FILE) => dashboardPanelsOf(file);
export const metricNamesOfDashboard = (file = DASHBOARD_FILE) =>
  metricNamesOfDashboardIn(file, RULES_FILE);
