import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
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

const STRIPE_SECRET = 'whsec_e2e_stripe';
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtZTJlLW9ubHktc2VjcmV0LTMyYnl0ZXM=';

describe('a Stripe webhook travels ingest → normalizer → router → executor → destination', () => {
  const services: RunningChild[] = [];
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let destination: Server;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let ingestUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    destination = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => destination.listen(port, '127.0.0.1', resolve));
    const configPath = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'hookline.yaml');
    writeFileSync(
      configPath,
      `version: 1
egress: { allow: ['127.0.0.1'] }
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: ['${STRIPE_SECRET}'] }
    destinations:
      - { id: orders, kind: http, url: 'http://127.0.0.1:${port}/hooks', secret: '${DESTINATION_SECRET}' }
    routes:
      - { id: paid-invoices, eventTypes: ['billing.invoice.*'], filter: 'data.amount_paid > 1000', destination: orders }
`,
    );
    // The compiled services as real processes: one topic prefix and one database.
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    const env = serviceProcessEnv(configPath, database.url, { HOOKLINE_RETRY_TIERS: '500ms' });
    const started = await startServiceProcesses(
      build.outDir,
      ['ingest', 'normalizer', 'router', 'executor'],
      env,
      60_000,
    );
    services.push(...started.map(({ child }) => child));
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);
    ingestUrl = started[0]!.url;
  });

  afterAll(async () => {
    await stopChildren(services);
    await new Promise((resolve) => destination?.close(resolve));
    await database?.drop();
    build?.remove();
  });

  async function postStripe(event: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const { headers, body } = await signWebhook('stripe', {
      secret: STRIPE_SECRET,
      sourceId: 'acme-stripe',
      payload: event,
      headers: extra,
    });
    return fetch(`${ingestUrl}/webhooks/acme-stripe`, { method: 'POST', headers, body });
  }

  /** The states in a raw webhook's event timeline once all of `wanted` are there. */
  async function timelineStates(rawEventId: string, wanted: readonly string[]): Promise<string[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const deadline = Date.now() + 45_000; ; await sleep(100)) {
        const { rows } = await client.query<{ state: string }>(
          'SELECT state FROM event_timeline WHERE raw_event_id = $1 ORDER BY id',
          [rawEventId],
        );
        const states = rows.map((row) => row.state);
        if (wanted.every((state) => states.includes(state))) return states;
        if (Date.now() > deadline)
          throw new Error(`timeline of ${rawEventId}: [${states.join(', ')}], not [${wanted}]`);
      }
    } finally {
      await client.end();
    }
  }

  const invoice = (id: string, amountPaid: number) => ({
    id,
    object: 'invoice',
    customer: 'cus_1',
    amount_due: amountPaid,
    amount_paid: amountPaid,
    currency: 'usd',
    status: 'paid',
  });

  it('delivers the canonical event, signed, once; an event the route filters out goes nowhere', async () => {
    const small = await postStripe({
      id: 'evt_small',
      type: 'invoice.paid',
      data: { object: invoice('in_small', 10) },
    });
    // The sender's trace: every hop (ingest, normalizer, router, executor) hands it on.
    const callerTrace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const paid = await postStripe(
      {
        id: 'evt_e2e',
        type: 'invoice.paid',
        data: { object: invoice('in_e2e', 4200) },
      },
      { traceparent: callerTrace },
    );
    expect([small.status, paid.status]).toEqual([200, 200]);

    // Both decided and written down: the small one filtered out by the router, the paid
    // one delivered and its attempt recorded. No wrong delivery can come after that.
    const [smallId, paidId] = await Promise.all(
      [small, paid].map(async (response) => ((await response.json()) as { id: string }).id),
    );
    expect(await timelineStates(smallId!, ['filtered'])).not.toContain('attempt');
    const paidStates = await timelineStates(paidId!, ['delivered']);
    expect(paidStates.filter((state) => state === 'attempt')).toHaveLength(1);
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    const event = new Webhook(DESTINATION_SECRET).verify(delivery.body, {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    });
    expect(event).toMatchObject({
      type: 'billing.invoice.paid',
      subject: 'stripe:in_e2e',
      tenantid: 'acme',
      providereventid: 'evt_e2e',
      data: invoice('in_e2e', 4200),
    });
    expect(delivery.headers['idempotency-key']).toBe('stripe:invoice.paid:evt_e2e');
    // No OTLP endpoint: nothing is recorded, and the sender's trace context is handed on
    // unchanged through every hop (webhook-trace.e2e-spec.ts follows a recorded trace).
    expect(delivery.headers['traceparent']).toBe(callerTrace);
  });
});
