import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { ConfigValidationError } from './config-validation.error.js';
import { ConfigWatcher } from './config-watcher.js';
import { type HooklineConfig } from './schema/hookline-config.js';
import { MINIMAL_ENV, minimalConfig } from './testing/example-config.js';

/** Polls until `condition` holds (file events take a moment to arrive). */
async function eventually(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('ConfigWatcher', () => {
  let dir: string;
  let path: string;
  let watcher: ConfigWatcher | undefined;
  const messages: { level: 'log' | 'warn'; message: string }[] = [];
  const logger = {
    log: (message: string) => messages.push({ level: 'log', message }),
    warn: (message: string) => messages.push({ level: 'warn', message }),
  };
  const sighupListenersBefore = process.listenerCount('SIGHUP');

  const withRouteTypes = (eventTypes: string[]) => {
    const document = minimalConfig();
    document.tenants[0]!.routes[0]!.eventTypes = eventTypes;
    return stringify(document);
  };
  const startWatcher = (debounceMs = 50) => {
    watcher = new ConfigWatcher({ path, env: MINIMAL_ENV, logger, debounceMs });
    return watcher.start();
  };
  const routeTypes = (config: HooklineConfig) => config.tenants[0]?.routes[0]?.eventTypes;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hookline-config-'));
    path = join(dir, 'hookline.yaml');
    writeFileSync(path, withRouteTypes(['billing.*']));
    messages.length = 0;
  });

  afterEach(() => {
    watcher?.stop();
    watcher = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads at start and throws when the file is invalid then', () => {
    expect(routeTypes(startWatcher())).toEqual(['billing.*']);
    watcher?.stop();
    writeFileSync(path, 'version: 2\ntenants: []\n');
    expect(() => startWatcher()).toThrow(ConfigValidationError);
  });

  it('reloads when the file changes, and tells listeners', async () => {
    startWatcher();
    const changes: [string[] | undefined, string[] | undefined][] = [];
    watcher!.onChange((next, previous) =>
      changes.push([routeTypes(next)?.slice(), routeTypes(previous)?.slice()]),
    );
    writeFileSync(path, withRouteTypes(['billing.invoice.*']));
    await eventually(() => changes.length > 0);
    expect(routeTypes(watcher!.current)).toEqual(['billing.invoice.*']);
    expect(changes).toEqual([[['billing.invoice.*'], ['billing.*']]]);
  });

  it('follows a file replaced by rename, as editors and ConfigMaps do', async () => {
    startWatcher();
    const replacement = join(dir, '.hookline.yaml.tmp');
    writeFileSync(replacement, withRouteTypes(['orders.*']));
    renameSync(replacement, path);
    await eventually(() => routeTypes(watcher!.current)?.[0] === 'orders.*');
  });

  it('keeps the old configuration when the new file is invalid, logs and counts it', async () => {
    const initial = startWatcher();
    writeFileSync(
      path,
      withRouteTypes(['billing.*']).replace('provider: github', 'provider: bitbucket'),
    );
    await eventually(() => watcher!.rejectedReloads === 1);
    expect(watcher!.current).toBe(initial);
    const warning = messages.find((entry) => entry.level === 'warn')?.message;
    expect(warning).toMatch(/reload rejected, keeping the previous one/);
    expect(warning).toMatch(/tenants\[0\]\.sources\[1\]\.provider: unknown provider "bitbucket"/);

    writeFileSync(path, withRouteTypes(['fixed.*']));
    await eventually(() => routeTypes(watcher!.current)?.[0] === 'fixed.*');
    expect(watcher!.rejectedReloads).toBe(1);
  });

  it('reloads on SIGHUP', () => {
    // A debounce longer than the test: only SIGHUP can reload in time.
    startWatcher(60_000);
    expect(process.listenerCount('SIGHUP')).toBe(sighupListenersBefore + 1);
    writeFileSync(path, withRouteTypes(['signal.*']));
    process.emit('SIGHUP', 'SIGHUP');
    expect(routeTypes(watcher!.current)).toEqual(['signal.*']);
    expect(messages.some((entry) => entry.message.includes('SIGHUP'))).toBe(true);
  });

  it('does not notify when a reload yields the same configuration', () => {
    startWatcher();
    let notified = 0;
    watcher!.onChange(() => notified++);
    expect(watcher!.reload()).toBe(false);
    expect(notified).toBe(0);
  });

  it('stop() removes the SIGHUP listener and the file watcher', async () => {
    const initial = startWatcher();
    watcher!.stop();
    expect(process.listenerCount('SIGHUP')).toBe(sighupListenersBefore);
    writeFileSync(path, withRouteTypes(['after-stop.*']));
    await sleep(200);
    expect(watcher!.current).toBe(initial);
  });
});
