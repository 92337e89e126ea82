import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describeWith, workspaceFile } from '@hookline/testing';

/** The system's Chromium (Debian package `chromium`; tools/scripts/ensure-chromium.mjs). */
const CHROMIUM = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();

export const describeWithChromium = describeWith({
  name: 'chromium',
  available:
    CHROMIUM !== '' && spawnSync(CHROMIUM, ['--version'], { stdio: 'ignore' }).status === 0,
  notice:
    '[hookline] chromium not found: the console browser tests (tests/console) did not run. ' +
    'Install it (Debian: `apt-get install chromium`) and run `npx nx run console-e2e:test`.\n',
  ciFailure: 'chromium is not on PATH; CI must provide it (Debian package chromium)',
});

/** Every page's screenshot, kept as a test artifact (tmp/ is git-ignored). */
export const SCREENSHOTS = workspaceFile('tmp/console-screenshots');

export interface ConsoleBrowser {
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions of the page, as they came. */
  errors: string[];
}

/** Headless Chromium at a laptop's 1280x800, watching the page's console for errors. */
export async function openBrowser(): Promise<ConsoleBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root (CI) Chromium's sandbox cannot start; the page is our own console.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page, errors };
}

/** axe-core's serious and critical violations of the page as it is now (WCAG 2.x A and AA). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Whether the page is wider than the window (a layout that breaks sideways). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  );
}
