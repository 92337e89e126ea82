import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  type RunningChild,
  serviceProcessEnv,
  signWebhook,
  type TestDatabase,
  startServiceProcesses,
  stopChildren,
} from '@hookline/testing';

const SECRETS = { stripe: 'whsec_e2e_stripe', shopify: 'e2e-shopify' } as const;
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtZTJlLW9ubHktc2VjcmV0LTMyYnl0ZXM=';

/** An `event_timeline` row as the services wrote it. */
interface TimelineRow {
  raw_event_id: string;
  tenant_id: string;
  source_id: string | null;
  provider: string | null;
  event_id: string | null;
  provider_event_id: string | null;
  correlation_id: string | null;
  destination_id: string | null;
  stage: string;
  state: string;
  detail: Record<string, unknown>;
}

const invoice = (id: string, amountPaid: unknown) => ({
  id,
  object: 'invoice',
  customer: 'cus_1',
  amount_due: 4200,
  amount_paid: amountPaid,
  currency: 'usd',
  status: 'paid',
});

describe('the event timeline of webhooks through all five services', () => {
  const services: RunningChild[] = [];
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let db: pg.Client;
  let destination: Server;
  let deliveries = 0;
  let ingestUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    destination = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        deliveries += 1;
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => destination.listen(port, '127.0.0.1', resolve));
    const configPath = join(mkdtempSync(join(tmpdir(), 'e2e-timeline-')), 'hookline.yaml');
    writeFileSync(
      configPath,
      `version: 1
egress: { allow: ['127.0.0.1'] }
timeline: { retention: 7d }
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: ['${SECRETS.stripe}'] }
      - { id: acme-shopify, provider: shopify, secrets: ['${SECRETS.shopify}'] }
    destinations:
      - { id: orders, kind: http, url: 'http://127.0.0.1:${port}/hooks', secret: '${DESTINATION_SECRET}' }
    routes:
      - { id: invoices, eventTypes: ['billing.invoice.*'], destination: orders }
      - { id: shop-orders, eventTypes: ['commerce.order.*'], destination: orders }
`,
    );
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    const env = serviceProcessEnv(configPath, database.url, { HOOKLINE_RETRY_TIERS: '500ms' });
    const started = await startServiceProcesses(
      build.outDir,
      ['ingest', 'normalizer', 'router', 'executor', 'replay'],
      env,
      90_000,
    );
    services.push(...started.map(({ child }) => child));
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);
    ingestUrl = started[0]!.url;
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await stopChildren(services);
    await new Promise((resolve) => destination?.close(resolve));
    await database?.drop();
    build?.remove();
  });

  async function send(
    provider: keyof typeof SECRETS,
    options: { payload?: unknown; headers?: Record<string, string> },
  ): Promise<{ rawEventId: string; duplicate: boolean }> {
    const request = await signWebhook(provider, {
      secret: SECRETS[provider],
      sourceId: `acme-${provider}`,
      ...options,
    });
    const response = await fetch(`${ingestUrl}/webhooks/acme-${provider}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(response.status).toBe(200);
    return {
      rawEventId: response.headers.get('hookline-raw-event-id')!,
      duplicate: response.headers.get('hookline-duplicate') === 'true',
    };
  }

  /** The raw event's timeline once it holds every state given (written in batches, so polled). */
  async function timelineWith(
    rawEventId: string,
    states: readonly string[],
  ): Promise<TimelineRow[]> {
    for (const deadline = Date.now() + 60_000; ;) {
      // The order the repository's forRawEvent reads back in.
      const entries = (
        await db.query(
          `SELECT * FROM event_timeline WHERE raw_event_id = $1 ORDER BY occurred_at, id`,
          [rawEventId],
        )
      ).rows as TimelineRow[];
      const seen = entries.map((entry) => entry.state);
      if (states.every((state) => seen.includes(state))) return entries;
      if (Date.now() > deadline)
        throw new Error(
          `timeline of ${rawEventId} has ${seen.join(', ')}; wanted ${states.join(', ')}`,
        );
      await sleep(200);
    }
  }

  /** Raw events whose timeline has this provider event id or correlation id, in a tenant. */
  const rawEventIdsWith = async (
    tenantId: string,
    column: 'provider_event_id' | 'correlation_id',
    value: string,
  ) =>
    (
      await db.query(
        `SELECT DISTINCT raw_event_id FROM event_timeline WHERE tenant_id = $1 AND ${column} = $2`,
        [tenantId, value],
      )
    ).rows.map((row: { raw_event_id: string }) => row.raw_event_id);

  it('reads back one webhook’s way to the destination in order, findable by its ids', async () => {
    const { rawEventId } = await send('stripe', {
      payload: {
        id: 'evt_tl_paid',
        type: 'invoice.paid',
        data: { object: invoice('in_tl', 4200) },
      },
      headers: { 'x-correlation-id': 'corr-tl-paid' },
    });
    const entries = await timelineWith(rawEventId, ['delivered']);
    expect(entries.map((entry) => `${entry.stage}:${entry.state}`)).toEqual([
      'ingest:received',
      'normalizer:normalized',
      'router:routed',
      'executor:attempt',
      'executor:delivered',
    ]);
    expect(deliveries).toBe(1);
    for (const entry of entries)
      expect(entry).toMatchObject({
        raw_event_id: rawEventId,
        tenant_id: 'acme',
        correlation_id: 'corr-tl-paid',
      });
    const [, normalized, routed, attempt, delivered] = entries;
    expect(normalized).toMatchObject({
      source_id: 'acme-stripe',
      provider: 'stripe',
      provider_event_id: 'evt_tl_paid',
      detail: { type: 'billing.invoice.paid', subject: 'stripe:in_tl' },
    });
    expect(routed!.detail).toMatchObject({ destinations: ['orders'], routes: ['invoices'] });
    expect(attempt).toMatchObject({
      destination_id: 'orders',
      event_id: normalized!.event_id,
      detail: { attempt: 1, outcome: 'delivered', status: 200, errorClass: null },
    });
    expect(typeof attempt!.detail['durationMs']).toBe('number');
    expect(delivered!.destination_id).toBe('orders');

    expect(await rawEventIdsWith('acme', 'provider_event_id', 'evt_tl_paid')).toEqual([rawEventId]);
    expect(await rawEventIdsWith('acme', 'correlation_id', 'corr-tl-paid')).toEqual([rawEventId]);
    expect(await rawEventIdsWith('globex', 'provider_event_id', 'evt_tl_paid')).toEqual([]);
  }, 120_000);

  it('shows a resent Stripe event as a duplicate of the first, and a Shopify resend under a new webhook id as a duplicate event', async () => {
    const payload = {
      id: 'evt_tl_resent',
      type: 'invoice.paid',
      data: { object: invoice('in_tl_resent', 4200) },
    };
    const first = await send('stripe', { payload });
    await timelineWith(first.rawEventId, ['delivered']);
    const again = await send('stripe', { payload, headers: { 'x-correlation-id': 'corr-resend' } });
    expect(again).toEqual({ rawEventId: first.rawEventId, duplicate: true });
    const entries = await timelineWith(first.rawEventId, ['duplicate']);
    expect(entries.at(-1)).toMatchObject({
      stage: 'ingest',
      state: 'duplicate',
      correlation_id: 'corr-resend',
      detail: { originalRawEventId: first.rawEventId },
    });

    const shopify = { headers: { 'x-shopify-event-id': 'shop-tl-1' } };
    const original = await send('shopify', shopify);
    const resend = await send('shopify', shopify);
    expect(resend.duplicate).toBe(false);
    expect(resend.rawEventId).not.toBe(original.rawEventId);
    const resent = await timelineWith(resend.rawEventId, ['duplicate']);
    expect(resent.map((entry) => `${entry.stage}:${entry.state}`)).toEqual([
      'ingest:received',
      'normalizer:duplicate',
    ]);
    expect(resent[1]!.detail['idempotencyKey']).toEqual(expect.stringContaining('shopify'));
    await timelineWith(original.rawEventId, ['normalized', 'routed']);
  }, 120_000);

  it('shows a drifted payload as drifted and then dead-lettered, with the field that drifted', async () => {
    const { rawEventId } = await send('stripe', {
      payload: {
        id: 'evt_tl_drift',
        type: 'invoice.paid',
        data: { object: invoice('in_tl_drift', '42.00') },
      },
    });
    const entries = await timelineWith(rawEventId, ['drifted', 'dead_lettered']);
    expect(entries.map((entry) => `${entry.stage}:${entry.state}`)).toEqual([
      'ingest:received',
      'normalizer:drifted',
      'normalizer:dead_lettered',
    ]);
    expect(entries[1]!.detail).toEqual({
      provider: 'stripe',
      providerType: 'invoice.paid',
      path: 'data.object.amount_paid',
      problem: expect.stringContaining('expected number'),
    });
    expect(entries[2]!.detail).toMatchObject({
      errorClass: 'PayloadDrift',
      reason: expect.stringContaining('data.object.amount_paid'),
    });
  }, 120_000);
});
