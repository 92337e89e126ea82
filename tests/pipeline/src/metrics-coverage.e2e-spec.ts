import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  metricNamesOfDashboard,
  metricNamesOfRules,
  type RunningChild,
  serviceProcessEnv,
  signWebhook,
  type TestDatabase,
  startServiceProcesses,
  stopChildren,
} from '@hookline/testing';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RULES_FILE = join(REPO_ROOT, 'deploy/k8s/alerts/hookline.rules.yaml');
const DASHBOARD_FILE = join(REPO_ROOT, 'deploy/grafana/hookline.json');
const STRIPE_SECRET = 'whsec_metrics_stripe';
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtZTJlLW9ubHktc2VjcmV0LTMyYnl0ZXM=';
const SERVICES = ['ingest', 'normalizer', 'router', 'executor', 'replay'] as const;
type Service = (typeof SERVICES)[number];

/** One service's exposition: the families its registry declares (`# TYPE`), and its samples. */
interface Scrape {
  types: Map<string, string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Scrape['samples'] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

/** Every series name a registry exports: a histogram's `_bucket`, `_sum` and `_count`. */
function exportedNames(scrape: Scrape): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of scrape.types)
    for (const suffix of type === 'histogram' ? ['_bucket', '_sum', '_count'] : [''])
      names.add(name + suffix);
  return names;
}

// The five services as processes after real traffic: a delivered webhook, one refused by
// its destination (dead-lettered), a resend, a bad signature and an unknown source. Their
// /metrics must carry every series an alert or a dashboard panel reads, with sane values.
describe('the metrics the alerts and the dashboard read, scraped from the five services', () => {
  const children = new Map<Service, RunningChild>();
  const urls = new Map<Service, string>();
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let destination: Server;
  const received: string[] = [];
  const scrapes = new Map<Service, Scrape>();

  beforeAll(async () => {
    const port = await freePort();
    destination = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(request.url ?? '');
        response.writeHead(request.url === '/refuse' ? 400 : 204).end();
      });
    });
    await new Promise<void>((resolve) => destination.listen(port, '127.0.0.1', resolve));
    const configPath = join(mkdtempSync(join(tmpdir(), 'metrics-e2e-')), 'hookline.yaml');
    writeFileSync(
      configPath,
      `version: 1
egress: { allow: ['127.0.0.1'] }
slo: { tiers: { '3': { objective: 95 } } }
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: ['${STRIPE_SECRET}'] }
    destinations:
      - { id: orders, kind: http, tier: 1, url: 'http://127.0.0.1:${port}/ok', secret: '${DESTINATION_SECRET}' }
      - { id: ledger, kind: http, url: 'http://127.0.0.1:${port}/refuse', secret: '${DESTINATION_SECRET}', retryTiers: ['500ms'] }
    routes:
      - { id: to-orders, eventTypes: ['billing.*'], destination: orders }
      - { id: to-ledger, eventTypes: ['billing.*'], destination: ledger, tier: 3 }
`,
    );
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    const env = serviceProcessEnv(configPath, database.url, { HOOKLINE_RETRY_TIERS: '500ms' });
    const started = await startServiceProcesses(build.outDir, SERVICES, env, 60_000);
    for (const { service, child, url } of started) {
      children.set(service, child);
      urls.set(service, url);
    }
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);

    const ingest = urls.get('ingest')!;
    const signed = await signWebhook('stripe', {
      secret: STRIPE_SECRET,
      sourceId: 'acme-stripe',
      payload: {
        id: 'evt_metrics',
        type: 'invoice.paid',
        data: {
          object: {
            id: 'in_metrics',
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
    const post = (sourceId: string, headers: Record<string, string> = signed.headers) =>
      fetch(`${ingest}/webhooks/${sourceId}`, { method: 'POST', headers, body: signed.body });
    expect((await post('acme-stripe')).status).toBe(200);
    const resent = await post('acme-stripe');
    expect(resent.headers.get('hookline-duplicate')).toBe('true');
    const forged = signed.headers['stripe-signature']!.replace(
      /v1=[0-9a-f]+/,
      `v1=${'0'.repeat(64)}`,
    );
    expect(
      (await post('acme-stripe', { ...signed.headers, 'stripe-signature': forged })).status,
    ).toBe(401);
    expect((await post('nobody')).status).toBe(404);

    // Done once the executor has counted both ends and replay has recorded the dead letter.
    const ended = (scrape: Scrape, tier: string, outcome: string) =>
      scrape.samples.find(
        (s) =>
          s.name === 'hookline_slo_deliveries_total' &&
          s.labels['tier'] === tier &&
          s.labels['outcome'] === outcome,
      )?.value ?? 0;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
      for (const service of SERVICES)
        scrapes.set(
          service,
          parseExposition(await (await fetch(`${urls.get(service)}/metrics`)).text()),
        );
      const replayHandled = scrapes
        .get('replay')!
        .samples.some((s) => s.name === 'hookline_consumer_records_handled_total' && s.value > 0);
      const executor = scrapes.get('executor')!;
      if (ended(executor, '1', 'good') >= 1 && ended(executor, '3', 'bad') >= 1 && replayHandled)
        break;
    }
  }, 240_000);

  afterAll(async () => {
    await stopChildren([...children.values()]);
    await new Promise((resolve) => destination?.close(resolve));
    await database?.drop();
    build?.remove();
  });

  const value = (service: Service, name: string, labels: Record<string, string> = {}) =>
    scrapes
      .get(service)!
      .samples.filter(
        (s) => s.name === name && Object.entries(labels).every(([key, v]) => s.labels[key] === v),
      )
      .reduce((sum, s) => sum + s.value, 0);

  it('every metric an alert rule or a dashboard panel reads is exported by some service', () => {
    const exported = new Set([...scrapes.values()].flatMap((scrape) => [...exportedNames(scrape)]));
    const read = new Map([...metricNamesOfRules(RULES_FILE)]);
    for (const [name, panels] of metricNamesOfDashboard(DASHBOARD_FILE, RULES_FILE))
      read.set(name, [...(read.get(name) ?? []), ...panels]);
    expect(read.size).toBeGreaterThan(20);
    const missing = [...read]
      .filter(([name]) => !exported.has(name))
      .map(([name, readers]) => `${name} (read by ${readers.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('ingest counts responses by status code and source, resends as dedup hits', () => {
    expect(
      value('ingest', 'hookline_ingest_requests_total', {
        source: 'acme-stripe',
        code: '200',
        outcome: 'accepted',
      }),
    ).toBe(1);
    expect(
      value('ingest', 'hookline_ingest_requests_total', { outcome: 'duplicate', code: '200' }),
    ).toBe(1);
    expect(value('ingest', 'hookline_ingest_requests_total', { code: '401' })).toBe(1);
    expect(
      value('ingest', 'hookline_ingest_requests_total', { source: '(unknown)', code: '404' }),
    ).toBe(1);
  });

  it("every producing service exports its producer's figures", () => {
    for (const service of ['ingest', 'normalizer', 'router', 'executor'] as const) {
      expect(value(service, 'hookline_producer_batches_total')).toBeGreaterThanOrEqual(1);
      expect(value(service, 'hookline_producer_records_total')).toBeGreaterThanOrEqual(
        value(service, 'hookline_producer_batches_total'),
      );
      expect(value(service, 'hookline_producer_bytes_total')).toBeGreaterThan(0);
      expect(value(service, 'hookline_producer_send_seconds_count')).toBe(
        value(service, 'hookline_producer_batches_total'),
      );
      expect(value(service, 'hookline_producer_failed_records_total')).toBe(0);
    }
  });

  it('the executor counts each delivery once for its tier SLO, with retries by tier', () => {
    expect(value('executor', 'hookline_slo_deliveries_total', { tier: '1', outcome: 'good' })).toBe(
      1,
    );
    expect(value('executor', 'hookline_slo_deliveries_total', { tier: '1', outcome: 'bad' })).toBe(
      0,
    );
    expect(value('executor', 'hookline_slo_deliveries_total', { tier: '3', outcome: 'bad' })).toBe(
      1,
    );
    expect(value('executor', 'hookline_slo_delivery_latency_seconds_count', { tier: '1' })).toBe(1);
    expect(value('executor', 'hookline_slo_objective_ratio', { tier: '1' })).toBeCloseTo(0.9999);
    expect(value('executor', 'hookline_slo_objective_ratio', { tier: '3' })).toBeCloseTo(0.95);
    expect(value('executor', 'hookline_slo_latency_budget_seconds', { tier: '2' })).toBe(60);
    expect(value('executor', 'hookline_executor_delivery_retries_total', { tier: '3' })).toBe(0);
    expect(
      value('executor', 'hookline_executor_delivery_attempts_total', {
        destination: 'orders',
        outcome: 'delivered',
      }),
    ).toBe(1);
    expect(
      value('executor', 'hookline_executor_delivery_attempts_total', {
        destination: 'ledger',
        outcome: 'permanent',
      }),
    ).toBe(1);
  });

  it('dead letters grow per stage, and the replay service records them', () => {
    expect(
      value('executor', 'hookline_consumer_records_dead_lettered_total', {
        error_class: 'DeliveryRejected',
      }),
    ).toBe(1);
    expect(value('replay', 'hookline_consumer_records_handled_total')).toBeGreaterThanOrEqual(1);
  });

  it('breakers, lag and replay jobs are declared, and no value is negative or not a number', () => {
    expect(scrapes.get('executor')!.types.get('hookline_executor_circuit_open')).toBe('gauge');
    expect(scrapes.get('replay')!.types.get('hookline_replay_job_progress_ratio')).toBe('gauge');
    expect(scrapes.get('replay')!.types.get('hookline_replay_jobs')).toBe('gauge');
    for (const service of ['normalizer', 'router', 'executor', 'replay'] as const)
      expect(scrapes.get(service)!.types.get('hookline_consumer_lag_records')).toBe('gauge');
    for (const [service, scrape] of scrapes)
      for (const sample of scrape.samples.filter(
        (s) =>
          s.name.startsWith('hookline_') &&
          !s.name.startsWith('hookline_process_') &&
          !s.name.startsWith('hookline_nodejs_'),
      ))
        expect({
          service,
          sample: sample.name,
          ok: Number.isFinite(sample.value) && sample.value >= 0,
        }).toEqual({ service, sample: sample.name, ok: true });
    expect(received.filter((url) => url === '/ok')).toHaveLength(1);
  });

  it('logs JSON lines through pino naming the service and the record being handled', () => {
    const lines = children
      .get('executor')!
      .output.filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ service: 'executor' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        tenant: 'acme',
        attempt: 1,
        correlationId: expect.any(String),
        message: expect.stringContaining('dead-lettered'),
      }),
    );
  });
});
