import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FailureHeaders } from '@hookline/contracts';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { TopicObserver, waitForReady, writeTestConfig } from '@hookline/testing';
import { NormalizerModule } from '../normalizer.module.js';
import { ProviderApiStandIn } from './testing/provider-api-stand-in.js';

const TOKEN = 'pat-na1-hydration-test-token';

/** The CloudEvents attributes these tests read. */
interface CanonicalEvent {
  type: string;
  subject: string;
  data: unknown;
}
const LIMITED_PER_SECOND = 2;

// The stand-in plays HubSpot under /hubspot, Stripe under /stripe and a slow HubSpot
// account under /limited; one source has a token the stand-in refuses.
const config = (api: string) => `
version: 1
tenants:
  - id: acme
    sources:
      - id: hs
        provider: hubspot
        secrets: [hubspot-secret]
        hydrate:
          apiBaseUrl: ${api}/hubspot
          credentials: { token: ${TOKEN} }
          rateLimit: { perSecond: 100 }
          retries: { attempts: 2, initialDelay: 20ms, maxDelay: 50ms }
          timeout: 2s
      - id: hs-limited
        provider: hubspot
        secrets: [hubspot-secret]
        hydrate:
          apiBaseUrl: ${api}/limited
          credentials: { token: ${TOKEN} }
          rateLimit: { perSecond: ${LIMITED_PER_SECOND} }
      - id: hs-wrong-token
        provider: hubspot
        secrets: [hubspot-secret]
        hydrate:
          apiBaseUrl: ${api}/hubspot
          credentials: { token: not-the-token }
      - id: stripe-thin
        provider: stripe
        secrets: [whsec_stripe]
        hydrate:
          apiBaseUrl: ${api}/stripe
          credentials: { token: ${TOKEN} }
      - id: hs-plain
        provider: hubspot
        secrets: [hubspot-secret]
`;

const contact = (id: number) => ({
  id: String(id),
  properties: { email: `c${id}@example.com`, firstname: `Ada ${id}`, lifecyclestage: 'lead' },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  archived: false,
});

let nextEventId = 1;
const item = (objectId: number, subscriptionType = 'contact.creation', extra = {}) => ({
  eventId: nextEventId++,
  subscriptionId: 9,
  portalId: 62515,
  occurredAt: 1764583200000,
  subscriptionType,
  attemptNumber: 0,
  objectId,
  ...extra,
});

/** `hookline_hydration_requests_total` of HubSpot with this outcome, whatever the label order. */
const requestsCounted = (outcome: string, value: string) =>
  new RegExp(
    `hookline_hydration_requests_total\\{(?=[^}]*provider="hubspot")(?=[^}]*outcome="${outcome}")[^}]*\\} ${value}\\n`,
  );

let nextRaw = 1;
function record(sourceId: string, provider: string, body: unknown) {
  const rawEventId = `raw_h${nextRaw++}`;
  const envelope = {
    rawEventId,
    tenantId: 'acme',
    sourceId,
    provider,
    receivedAt: new Date().toISOString(),
    dedupKey: `dedup-${rawEventId}`,
    headers: {},
    contentType: 'application/json',
    body: { base64: Buffer.from(JSON.stringify(body)).toString('base64') },
  };
  return {
    rawEventId,
    message: {
      key: sourceId,
      value: JSON.stringify(envelope),
      headers: { 'hookline-correlation-id': rawEventId, 'hookline-tenant-id': 'acme' },
    },
  };
}

describe('normalizer: thin webhooks hydrated from the provider API before normalising', () => {
  let api: ProviderApiStandIn;
  let service: TestService;
  let observer: TopicObserver;

  /** The canonical events of one raw webhook (its correlation id, as these records are sent). */
  const eventsOf = (rawEventId: string): CanonicalEvent[] =>
    observer
      .messages('hookline.events.v1')
      .filter((message) => message.headers?.['hookline-correlation-id']?.toString() === rawEventId)
      .map((message) => JSON.parse(message.value?.toString() ?? '{}') as CanonicalEvent);

  /** Waits until `rawEventId`'s events are published (or it is dead-lettered). */
  async function published(rawEventId: string, count: number) {
    const deadline = Date.now() + 20_000;
    while (eventsOf(rawEventId).length < count) {
      if (Date.now() > deadline) throw new Error(`${rawEventId}: no ${count} events published`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return eventsOf(rawEventId);
  }

  async function deadLettered(rawEventId: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = observer
        .messages('hookline.ingested.v1.dlt')
        .find((message) => JSON.parse(message.value?.toString() ?? '{}').rawEventId === rawEventId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${rawEventId} was not dead-lettered`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  beforeAll(async () => {
    api = await ProviderApiStandIn.start(TOKEN);
    service = await startTestService('normalizer', (c) => NormalizerModule.register(c), {
      HOOKLINE_CONFIG: writeTestConfig(config(api.url)),
      HOOKLINE_RETRY_TIERS: '200ms',
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.events.v1', 'hookline.ingested.v1.dlt', 'hookline.ingested.v1.retry.200ms'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
    await api?.close();
  });

  it('turns a thin HubSpot batch into canonical events whose data carries the fetched objects', async () => {
    api.script('/hubspot/crm/v3/objects/contacts/101', { status: 200, body: contact(101) });
    api.script('/hubspot/crm/v3/objects/deals/202', {
      status: 200,
      body: {
        id: '202',
        properties: { dealname: 'Big deal', dealstage: 'closedwon', amount: '5000' },
      },
    });
    const batch = [
      item(101),
      item(202, 'deal.propertyChange', { propertyName: 'dealstage', propertyValue: 'closedwon' }),
      item(101, 'contact.propertyChange', {
        propertyName: 'email',
        propertyValue: 'c101@example.com',
      }),
      item(303, 'company.deletion'),
    ];
    const { rawEventId, message } = record('hs', 'hubspot', batch);
    await observer.send('hookline.ingested.v1', [message]);

    const events = await published(rawEventId, 4);
    const byType = Object.fromEntries(events.map((event) => [event.type, event]));
    expect(byType['crm.contact.created']?.data).toEqual({ ...batch[0], object: contact(101) });
    expect(byType['crm.deal.property_changed']?.data).toMatchObject({
      objectId: 202,
      object: { properties: { dealname: 'Big deal', amount: '5000' } },
    });
    expect(byType['crm.contact.property_changed']?.data).toMatchObject({
      object: { properties: { email: 'c101@example.com' } },
    });
    // A deleted object cannot be read: the item flows as HubSpot sent it.
    expect(byType['crm.company.deleted']?.data).toEqual(batch[3]);
    // One read per object, each with the source's bearer token.
    expect(api.requestsTo('/hubspot/crm/v3/objects/contacts/101')).toHaveLength(1);
    expect(api.requestsTo('/hubspot/crm/v3/objects/deals/202')).toEqual([
      expect.objectContaining({ authorization: `Bearer ${TOKEN}` }),
    ]);
  });

  it('makes a Stripe thin event the full object it names', async () => {
    const meter = {
      id: 'mtr_61R9',
      object: 'billing.meter',
      display_name: 'API calls',
      event_name: 'api_call',
      status: 'active',
      default_aggregation: { formula: 'sum' },
    };
    api.script('/stripe/v1/billing/meters/mtr_61R9', { status: 200, body: meter });
    const thin = {
      id: 'evt_test_65R9',
      object: 'v2.core.event',
      type: 'v1.billing.meter.error_report_triggered',
      livemode: false,
      created: '2026-12-01T10:00:00.000Z',
      related_object: { id: 'mtr_61R9', type: 'billing.meter', url: '/v1/billing/meters/mtr_61R9' },
    };
    const { rawEventId, message } = record('stripe-thin', 'stripe', thin);
    await observer.send('hookline.ingested.v1', [message]);

    const [event] = await published(rawEventId, 1);
    expect(event).toMatchObject({
      type: 'stripe.v1.billing.meter.error_report_triggered',
      subject: 'stripe:mtr_61R9',
      data: meter,
    });
  });

  it('retries a 500 within the record, and sends a record the API keeps failing to its retry tier', async () => {
    api.script(
      '/hubspot/crm/v3/objects/contacts/500',
      { status: 500, body: { message: 'internal error' } },
      { status: 200, body: contact(500) },
    );
    // Two attempts (the source's `retries`) fail, so the record goes to its retry tier; the third read works.
    api.script(
      '/hubspot/crm/v3/objects/contacts/503',
      { status: 503 },
      { status: 503 },
      { status: 200, body: contact(503) },
    );
    const once = record('hs', 'hubspot', [item(500)]);
    const tiered = record('hs', 'hubspot', [item(503)]);
    await observer.send('hookline.ingested.v1', [once.message, tiered.message]);

    const [retried] = await published(once.rawEventId, 1);
    expect(retried?.data).toMatchObject({ object: contact(500) });
    expect(api.requestsTo('/hubspot/crm/v3/objects/contacts/500')).toHaveLength(2);
    const [late] = await published(tiered.rawEventId, 1);
    expect(late?.data).toMatchObject({ object: contact(503) });
    expect(api.requestsTo('/hubspot/crm/v3/objects/contacts/503')).toHaveLength(3);
    const throughTier = observer
      .messages('hookline.ingested.v1.retry.200ms')
      .map((message) => JSON.parse(message.value?.toString() ?? '{}').rawEventId);
    expect(throughTier).toEqual([tiered.rawEventId]);

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(requestsCounted('server_error', '3'));
    expect(metrics).toMatch(requestsCounted('ok', '\\d+'));
    expect(metrics).toMatch(
      /hookline_hydration_request_seconds_count\{[^}]*provider="hubspot"[^}]*\} \d+/,
    );
  });

  it('dead-letters a 404 and a refused token with a reason naming provider, source and object, and the partition flows on', async () => {
    api.script('/hubspot/crm/v3/objects/contacts/102', { status: 200, body: contact(102) });
    const missing = record('hs', 'hubspot', [item(404)]);
    const refused = record('hs-wrong-token', 'hubspot', [item(102)]);
    const after = record('hs', 'hubspot', [item(102)]);
    await observer.send('hookline.ingested.v1', [missing.message, refused.message, after.message]);

    const notFound = await deadLettered(missing.rawEventId);
    expect(notFound.headers?.[FailureHeaders.errorClass]?.toString()).toBe('HydrationRefused');
    expect(notFound.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'hydrating contact 404 for source hs: the hubspot API answered 404 (no such object)',
    );
    const unauthorized = await deadLettered(refused.rawEventId);
    expect(unauthorized.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      "hydrating contact 102 for source hs-wrong-token: the hubspot API answered 401 (the source's hydrate.credentials are refused)",
    );
    // The record after the 404, on the same partition, is published.
    const [event] = await published(after.rawEventId, 1);
    expect(event?.data).toMatchObject({ object: contact(102) });
    expect(eventsOf(missing.rawEventId)).toEqual([]);
    // Neither was retried: a permanent refusal is read once.
    expect(api.requestsTo('/hubspot/crm/v3/objects/contacts/404')).toHaveLength(1);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(requestsCounted('not_found', '1'));
    expect(metrics).toMatch(requestsCounted('unauthorized', '1'));
  });

  it("holds the source's rate limit", async () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const id of ids) {
      api.script(`/limited/crm/v3/objects/contacts/${id}`, { status: 200, body: contact(id) });
    }
    const { rawEventId, message } = record(
      'hs-limited',
      'hubspot',
      ids.map((id) => item(id)),
    );
    await observer.send('hookline.ingested.v1', [message]);
    await published(rawEventId, ids.length);

    const arrivals = api.requests
      .filter((request) => request.path.startsWith('/limited/'))
      .map((request) => request.at);
    expect(arrivals).toHaveLength(ids.length);
    // The limiter allows perSecond per one-second interval of its own, so any one second
    // sees at most two intervals' worth; unlimited, all eight arrive at once.
    const first = Math.min(...arrivals);
    const inFirstSecond = arrivals.filter((at) => at - first < 1_000).length;
    process.stdout.write(
      `[hydration] ${inFirstSecond} of ${ids.length} requests in the first second (limit ${LIMITED_PER_SECOND}/s, bound ${2 * LIMITED_PER_SECOND})\n`,
    );
    expect(inFirstSecond).toBeLessThanOrEqual(2 * LIMITED_PER_SECOND);
  });

  it('leaves a source without hydrate untouched', async () => {
    const requestsBefore = api.requests.length;
    const { rawEventId, message } = record('hs-plain', 'hubspot', [item(101)]);
    await observer.send('hookline.ingested.v1', [message]);
    const [event] = await published(rawEventId, 1);
    expect(event?.data).not.toHaveProperty('object');
    expect(api.requests.length).toBe(requestsBefore);
  });
});
