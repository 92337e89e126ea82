import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import kafkajs from 'kafkajs';
import { DeliveryTask, FailureHeaders, IntegrationEvent } from '@hookline/contracts';
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
  TopicObserver,
  workspaceFile,
} from '@hookline/testing';

const SECRETS = {
  stripe: 'whsec_e2e_stripe',
  github: 'e2e-github',
  slack: 'e2e-slack',
  hubspot: 'e2e-hubspot',
  shopify: 'e2e-shopify',
  gitlab: 'e2e-gitlab',
  paddle: 'pdl_ntfset_e2e',
} as const;
type Provider = keyof typeof SECRETS;

const config = (sinkUrl: string) => `version: 1
tenants:
  - id: acme
    sources:
${Object.entries(SECRETS)
  .map(
    ([provider, secret]) =>
      `      - { id: acme-${provider}, provider: ${provider}, secrets: ['${secret}'] }`,
  )
  .join('\n')}
    destinations:
      - { id: sink, kind: http, url: '${sinkUrl}', secret: 'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=' }
    routes:
      - { id: invoices, eventTypes: ['billing.invoice.*'], destination: sink }
      - { id: pull-requests, eventTypes: ['code.pull_request.*'], destination: sink }
      - { id: messages, eventTypes: ['chat.message.posted'], destination: sink }
      - { id: deals, eventTypes: ['crm.deal.*'], destination: sink }
      - { id: crm, eventTypes: ['crm.*'], destination: sink }
      - { id: orders, eventTypes: ['commerce.order.*'], destination: sink }
      - { id: refunds, eventTypes: ['payment.refund.*'], destination: sink }
`;

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateEvent = ajv.compile(
  JSON.parse(
    readFileSync(workspaceFile('libs/contracts/schemas/integration-event.v1.schema.json'), 'utf8'),
  ) as object,
);

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  for (const deadline = Date.now() + timeoutMs; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('canonical events on real Kafka and PostgreSQL', () => {
  const services: RunningChild[] = [];
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let observer: TopicObserver;
  let admin: kafkajs.Admin;
  let prefix = '';
  let ingestUrl = '';
  let routerUrl = '';
  let normalizerUrl = '';

  beforeAll(async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), 'e2e-canonical-')), 'hookline.yaml');
    // Deliveries are observed on hookline.deliveries.v1; the destination itself is not needed.
    writeFileSync(configPath, config(`http://127.0.0.1:${await freePort()}/hooks`));
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    const ingestPort = await freePort();
    ingestUrl = `http://127.0.0.1:${ingestPort}`;
    const env = serviceProcessEnv(configPath, database.url, {
      HOOKLINE_PUBLIC_BASE_URL: ingestUrl,
    });
    prefix = env['HOOKLINE_TOPIC_PREFIX']!;
    const started = await startServiceProcesses(
      build.outDir,
      ['ingest', 'normalizer', 'router'],
      env,
      60_000,
      { ingest: ingestPort },
    );
    services.push(...started.map(({ child }) => child));
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);
    normalizerUrl = started[1]!.url;
    routerUrl = started[2]!.url;
    const brokers = env['KAFKA_BROKERS']!.split(',');
    observer = await TopicObserver.start(brokers, prefix, [
      'hookline.events.v1',
      'hookline.deliveries.v1',
      'hookline.ingested.v1.dlt',
    ]);
    admin = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    await admin?.disconnect();
    await observer?.close();
    await stopChildren(services);
    await database?.drop();
    build?.remove();
  });

  async function send(
    provider: Provider,
    options: { payload?: unknown; sample?: string; headers?: Record<string, string> } = {},
  ) {
    const request = await signWebhook(provider, {
      secret: SECRETS[provider],
      sourceId: `acme-${provider}`,
      publicBaseUrl: ingestUrl,
      ...options,
    });
    const response = await fetch(`${ingestUrl}/webhooks/acme-${provider}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(`${provider} ${response.status}`).toBe(`${provider} 200`);
    return { request, duplicate: response.headers.get('hookline-duplicate') === 'true' };
  }

  const events = () =>
    observer
      .messages('hookline.events.v1')
      .map((message) => JSON.parse(message.value!.toString()) as unknown);
  const tasks = () =>
    observer
      .messages('hookline.deliveries.v1')
      .map((message) => DeliveryTask.parse(JSON.parse(message.value!.toString())));

  /** Records on a topic, from its high watermarks: what was produced, whether observed yet or not. */
  async function produced(topic: string): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(`${prefix}.${topic}`);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }

  /** Events the router has decided on (routed, filtered out or failed), from its metrics. */
  async function routerDecisions(): Promise<number> {
    const metrics = await (await fetch(`${routerUrl}/metrics`)).text();
    return [...metrics.matchAll(/^hookline_router_events_total\{[^}]*\} (\d+)/gm)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
  }

  it('turns each provider’s webhooks into the right canonical events and delivery tasks', async () => {
    const invoice = (id: string, amountPaid: unknown) => ({
      id,
      object: 'invoice',
      customer: 'cus_1',
      amount_due: 4900,
      amount_paid: amountPaid,
      currency: 'usd',
      status: 'paid',
    });
    const stripeInvoice = {
      id: 'evt_e2e_inv',
      type: 'invoice.paid',
      data: { object: invoice('in_e2e', 4900) },
    };

    await send('stripe', { payload: stripeInvoice });
    await send('github', { sample: 'pull-request-closed-merged' });
    await send('slack');
    await send('hubspot', { sample: 'mixed-batch' });
    await send('shopify', { headers: { 'x-shopify-event-id': 'shop-event-1' } });
    await send('gitlab');
    await send('paddle');
    // A drifted payload between good ones.
    await send('stripe', {
      payload: {
        id: 'evt_e2e_drift',
        type: 'invoice.paid',
        data: { object: invoice('in_drift', '49.00') },
      },
    });
    await send('stripe', {
      payload: {
        id: 'evt_e2e_after',
        type: 'customer.created',
        data: { object: { id: 'cus_after', object: 'customer', email: null } },
      },
    });
    // Resent: Stripe under the same event id (a new signature), Shopify under a new webhook id.
    const stripeAgain = await send('stripe', { payload: stripeInvoice });
    await send('shopify', { headers: { 'x-shopify-event-id': 'shop-event-1' } });

    const expected: [type: string, subject: string][] = [
      ['billing.invoice.paid', 'stripe:in_e2e'],
      ['code.pull_request.merged', 'github:octocat/Hello-World#1347'],
      ['chat.message.posted', 'slack:T0001/C2147483705'],
      ['crm.contact.created', 'hubspot:62515/contact/501'],
      ['crm.deal.property_changed', 'hubspot:62515/deal/777'],
      ['crm.company.deleted', 'hubspot:62515/company/9'],
      ['commerce.order.created', 'shopify:order/5912345678901'],
      ['billing.customer.created', 'stripe:cus_after'],
      ['code.pull_request.opened', 'gitlab:mike/diaspora!1'],
      ['payment.transaction.completed', 'paddle:txn_01hv8wptq8987qeep44cyrewp9'],
    ];
    await until(() => events().length >= expected.length, 60_000, 'the canonical events');
    const [deadLetter] = await observer.waitFor('hookline.ingested.v1.dlt', 1, 30_000);
    await until(async () => (await routerDecisions()) >= expected.length, 30_000, 'the router');

    // Shopify's resend passed ingest (a new webhook id) and was dropped by its idempotency
    // key: counted once it is handled, which may come after the other events.
    const shopifyDuplicate =
      /^hookline_normalizer_duplicates_total\{[^}]*provider="shopify"[^}]*\} 1$/m;
    const normalizerMetrics = async () => (await fetch(`${normalizerUrl}/metrics`)).text();
    await until(
      async () => shopifyDuplicate.test(await normalizerMetrics()),
      30_000,
      'the Shopify resend dropped as a duplicate',
    );
    expect(await normalizerMetrics()).toMatch(shopifyDuplicate);
    // Exactly these events: no duplicate of the resent ones, nothing of the drifted one.
    expect(await produced('hookline.events.v1')).toBe(expected.length);
    expect(stripeAgain.duplicate).toBe(true); // Stripe's event id is its delivery's dedup key
    const published = events();
    for (const event of published) {
      expect(validateEvent(event) ? [] : validateEvent.errors).toEqual([]);
    }
    const parsed = published.map((event) => IntegrationEvent.parse(event));
    expect(parsed.map((event) => [event.type, event.subject]).sort()).toEqual([...expected].sort());
    expect(new Set(parsed.map((event) => event.idempotencykey)).size).toBe(expected.length);

    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('PayloadDrift');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'stripe invoice.paid payload does not fit its mapping at data.object.amount_paid: Invalid input: expected number, received string',
    );

    // Delivery tasks for matching routes only; the router has decided on every event.
    const expectedTasks = [
      ['billing.invoice.paid', 'invoices'],
      ['code.pull_request.merged', 'pull-requests'],
      ['chat.message.posted', 'messages'],
      ['crm.contact.created', 'crm'],
      ['crm.deal.property_changed', 'crm'],
      ['crm.deal.property_changed', 'deals'],
      ['crm.company.deleted', 'crm'],
      ['commerce.order.created', 'orders'],
      ['code.pull_request.opened', 'pull-requests'],
    ];
    await until(() => tasks().length >= expectedTasks.length, 30_000, 'the delivery tasks');
    expect(await produced('hookline.deliveries.v1')).toBe(expectedTasks.length);
    expect(
      tasks()
        .map((task) => [task.event.type, task.routeId])
        .sort(),
    ).toEqual(expectedTasks.sort());
  }, 150_000);
});
