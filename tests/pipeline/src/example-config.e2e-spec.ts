import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  type RunningChild,
  serviceProcessEnv,
  signWebhook,
  startServiceProcesses,
  stopChildren,
  type TestDatabase,
  workspaceFile,
} from '@hookline/testing';

interface ExampleConfig {
  tenants: {
    sources: { id: string; provider: string; secrets: string[] }[];
    destinations: Record<string, unknown>[];
    routes: Record<string, unknown>[];
  }[];
}

interface Sink {
  url: string;
  received: { type: string; providereventid: string }[];
  server: Server;
}

async function startSink(): Promise<Sink> {
  const port = await freePort();
  const sink: Sink = {
    url: `http://127.0.0.1:${port}/hooks`,
    received: [],
    server: createServer(),
  };
  sink.server.on('request', (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      sink.received.push(JSON.parse(body) as Sink['received'][number]);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => sink.server.listen(port, '127.0.0.1', resolve));
  return sink;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The repository's example configuration, as shipped, with only its destination pointed at
// a sink of the test's: every route of it fires for the example webhooks.
describe('hookline.example.yaml routes one signed webhook of every provider to a destination', () => {
  const services: RunningChild[] = [];
  const example = parse(
    readFileSync(workspaceFile('hookline.example.yaml'), 'utf8'),
  ) as ExampleConfig;
  const tenant = example.tenants[0]!;
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let orders: Sink;
  let audit: Sink;
  let configPath = '';
  let ingestUrl = '';

  const writeConfig = (config: ExampleConfig) => writeFileSync(configPath, stringify(config));

  beforeAll(async () => {
    [orders, audit] = await Promise.all([startSink(), startSink()]);
    configPath = join(mkdtempSync(join(tmpdir(), 'e2e-example-')), 'hookline.yaml');
    // Every destination of the example to the test's sink, each keeping its path.
    for (const destination of tenant.destinations) {
      const path = new URL(String(destination['url'])).pathname;
      destination['url'] = new URL(path, orders.url).toString();
    }
    writeConfig(example);
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    const ingestPort = await freePort();
    ingestUrl = `http://127.0.0.1:${ingestPort}`;
    const env = serviceProcessEnv(configPath, database.url, {
      HOOKLINE_PUBLIC_BASE_URL: ingestUrl,
    });
    const started = await startServiceProcesses(
      build.outDir,
      ['ingest', 'normalizer', 'router', 'executor'],
      env,
      60_000,
      { ingest: ingestPort },
    );
    services.push(...started.map(({ child }) => child));
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await stopChildren(services);
    await Promise.all(
      [orders, audit].map((sink) => new Promise((resolve) => sink?.server.close(resolve))),
    );
    await database?.drop();
    build?.remove();
  });

  let sent = 0;
  const allDelivered = () => orders.received.length + audit.received.length >= sent + 1;

  async function send(sourceId: string, payload?: unknown): Promise<string> {
    const source = tenant.sources.find((candidate) => candidate.id === sourceId)!;
    const request = await signWebhook(source.provider, {
      secret: source.secrets[0]!,
      sourceId,
      publicBaseUrl: ingestUrl,
      ...(payload === undefined ? {} : { payload }),
    });
    const response = await fetch(`${ingestUrl}/webhooks/${sourceId}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(`${sourceId} ${response.status}`).toBe(`${sourceId} 200`);
    sent += 1;
    return request.body;
  }

  it("delivers each provider's webhook through the matching route (a large invoice through two)", async () => {
    for (const source of tenant.sources) {
      await send(
        source.id,
        source.provider === 'stripe'
          ? {
              id: 'evt_big',
              type: 'invoice.paid',
              data: {
                object: {
                  id: 'in_big',
                  object: 'invoice',
                  customer: 'cus_1',
                  amount_due: 150_000,
                  amount_paid: 150_000,
                  currency: 'usd',
                  status: 'paid',
                },
              },
            }
          : undefined,
      );
    }
    await until(() => orders.received.length >= 8, 60_000, 'eight deliveries');
    expect(orders.received.map((event) => event.type).sort()).toEqual([
      'billing.invoice.paid',
      'billing.invoice.paid',
      'chat.message.posted',
      'code.pull_request.opened',
      'commerce.order.created',
      'crm.contact.created',
      'generic-hmac.webhook',
      'standard-webhooks.user.created',
    ]);
  }, 90_000);

  it('follows a reloaded configuration: a new destination and a moved route take effect', async () => {
    const next = structuredClone(example);
    const nextTenant = next.tenants[0]!;
    nextTenant.destinations.push({ ...tenant.destinations[0], id: 'acme-audit', url: audit.url });
    nextTenant.routes = nextTenant.routes.map((route) =>
      route['id'] === 'code-activity' ? { ...route, destination: 'acme-audit' } : route,
    );
    writeConfig(next);
    // Each service reloads on its own: send until the router and the executor both follow.
    for (const deadline = Date.now() + 45_000; audit.received.length === 0;) {
      if (Date.now() > deadline) throw new Error('no GitHub event reached the new destination');
      await send('acme-github');
      await until(() => audit.received.length > 0, 2_000, 'the new destination').catch(
        () => undefined, // not yet reloaded everywhere: send another
      );
    }
    // Events sent before every service had reloaded may still be on their way to acme-orders.
    await until(() => allDelivered(), 30_000, 'earlier deliveries to settle');
    const ordersBefore = orders.received.length;
    const auditBefore = audit.received.length;
    await send('acme-github');
    await send('acme-stripe');
    await until(() => audit.received.length > auditBefore, 30_000, 'the next GitHub event');
    await until(() => orders.received.length > ordersBefore, 30_000, 'the Stripe event');
    expect(orders.received.slice(ordersBefore).map((event) => event.type)).toEqual([
      'billing.invoice.paid',
    ]);
  }, 120_000);
});
