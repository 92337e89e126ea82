#!/usr/bin/env node
// The Debian tools the test suites need beyond Node and Java (see debian-tool.mjs): run by
// `npm test` in a child process of its own, so apt-get downloads while lint and the
// type-checker run. The alert rule tests (deploy/k8s) need promtool, the Alertmanager
// example's check amtool, the console's browser tests Chromium.
import { ensureAmtool } from './ensure-amtool.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensurePromtool } from './ensure-promtool.mjs';

ensurePromtool();
ensureAmtool();
ensureChromium();
