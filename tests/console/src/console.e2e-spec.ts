import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Page } from 'playwright-core';
import { signWebhook } from '@hookline/testing';
import {
  type ConsoleBrowser,
  describeWithChromium,
  openBrowser,
  overflowsSideways,
  screenshot,
  seriousViolations,
} from './browser.js';
import { type ConsoleStack, startConsoleStack, STRIPE_SECRET, TOKENS } from './console-stack.js';

/** Polls `check` until it holds (the box is loaded: generous bounds, observable conditions). */
async function eventually(what: () => string, check: () => Promise<boolean>, timeoutMs: number) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250))
    if (await check()) return;
  throw new Error(`${what()} did not happen within ${timeoutMs} ms`);
}

describeWithChromium(
  'the operator console in Chromium, against the whole stack',
  () => {
    let stack: ConsoleStack;
    let browser: ConsoleBrowser;
    let page: Page;
    const providerEventId = `evt_console_${Date.now()}`;
    const api = (path: string) =>
      fetch(`${stack.consoleUrl}/api/v1${path}`, {
        headers: { authorization: `Bearer ${TOKENS.operator}` },
      }).then((response) => response.json() as Promise<Record<string, unknown>>);

    beforeAll(async () => {
      stack = await startConsoleStack();
      browser = await openBrowser();
      page = browser.page;
    }, 480_000);

    afterAll(async () => {
      await browser?.browser.close();
      await stack?.stop();
    });

    it('finds a failed event by its provider id, shows why, replays it once the destination recovers and shows it delivered, in six actions', async () => {
      // An invoice that the destination refuses (503) through every retry: a dead letter.
      const webhook = await signWebhook('stripe', {
        secret: STRIPE_SECRET,
        sourceId: 'acme-stripe',
        payload: {
          id: providerEventId,
          type: 'invoice.paid',
          data: {
            object: {
              id: 'in_console',
              object: 'invoice',
              customer: 'cus_1',
              amount_due: 4200,
              amount_paid: 4200,
              currency: 'usd',
              status: 'paid',
            },
          },
        },
      });
      const sent = await fetch(`${stack.ingestUrl}/webhooks/acme-stripe`, {
        method: 'POST',
        headers: webhook.headers,
        body: webhook.body,
      });
      expect(sent.status).toBe(200);
      let seen: unknown;
      await eventually(
        () => `the event dead-lettered (last seen: ${JSON.stringify(seen)})`,
        async () => {
          seen = await api(`/events?providerEventId=${providerEventId}`);
          const items = (seen as { items?: { status: string }[] }).items ?? [];
          return items[0]?.status === 'dead_lettered';
        },
        180_000,
      );
      stack.destination.failing = false;

      let actions = 0;
      const act = async (step: () => Promise<unknown>) => {
        actions += 1;
        await step();
      };
      await page.goto(stack.consoleUrl);
      await act(() => page.getByLabel('Operator token').fill(TOKENS.operator));
      await act(() => page.getByLabel('Operator token').press('Enter'));
      await act(() => page.getByLabel('Provider event id or correlation id').fill(providerEventId));
      await act(() => page.getByLabel('Provider event id or correlation id').press('Enter'));
      // The one match opens by itself: the event, its timeline and why it failed.
      await page.getByRole('heading', { name: `Event ${providerEventId}` }).waitFor();
      const timeline = page.getByRole('list').filter({ hasText: 'dead lettered' });
      await timeline.waitFor();
      expect(await page.locator('.timeline').innerText()).toMatch(/503/);
      await act(() => page.getByRole('button', { name: 'Dry run replay of this event' }).click());
      await page.getByText('Nothing has been sent yet.').waitFor();
      expect(stack.destination.delivered).toHaveLength(0);
      await act(() => page.getByRole('button', { name: /^Confirm replay of 1 record/ }).click());
      // The page follows the event by itself until the delivery shows.
      await page
        .locator('.timeline')
        .getByText('delivered', { exact: true })
        .first()
        .waitFor({ timeout: 90_000 });
      expect(actions).toBeLessThanOrEqual(6);
      expect(stack.destination.delivered).toHaveLength(1);
      expect(JSON.parse(stack.destination.delivered[0]!)).toMatchObject({
        providereventid: providerEventId,
      });
      await screenshot(page, 'event');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await overflowsSideways(page)).toBe(false);
      expect(browser.errors).toEqual([]);
    });

    it('every page: no serious or critical accessibility violation, no console error, nothing wider than 1280x800; a screenshot of each', async () => {
      // Seven pages, each checked by axe-core, on a loaded machine: minutes, not seconds.
      const pages: [name: string, hash: string, heading: string][] = [
        ['overview', '#/overview', 'Overview'],
        ['events', '#/events', 'Events'],
        ['dead-letters', '#/dead-letters', 'Dead letters'],
        ['replay-jobs', '#/replays', 'Replay jobs'],
        ['sources', '#/sources', 'Sources'],
        ['destinations', '#/destinations', 'Destinations'],
        ['routes', '#/routes', 'Routes'],
      ];
      const problems: string[] = [];
      await page.goto(stack.consoleUrl);
      await page.getByRole('heading', { name: /^(Sign in|Overview)$/ }).waitFor();
      const token = page.getByLabel('Operator token');
      if (await token.isVisible()) {
        await token.fill(TOKENS.operator);
        await token.press('Enter');
      }
      for (const [name, hash, heading] of pages) {
        await page.goto(`${stack.consoleUrl}/${hash}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForLoadState('networkidle');
        problems.push(...(await seriousViolations(page)).map((found) => `${name}: ${found}`));
        if (await overflowsSideways(page)) problems.push(`${name}: wider than the window`);
        await screenshot(page, name);
      }
      // The event page was checked above; signed out, the sign-in page.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      problems.push(...(await seriousViolations(page)).map((found) => `sign-in: ${found}`));
      await screenshot(page, 'sign-in');
      expect(problems).toEqual([]);
      expect(browser.errors).toEqual([]);
    }, 600_000);
  },
  { announce: true },
);
