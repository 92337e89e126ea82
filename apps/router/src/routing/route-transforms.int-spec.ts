import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryTask, FailureHeaders } from '@hookline/contracts';
import { startTestService, type TestService, timelineOf } from '@hookline/runtime/testing';
import {
  sampleIntegrationEvent,
  TopicObserver,
  waitForReady,
  writeTestConfig,
} from '@hookline/testing';
import { RouterModule } from '../router.module.js';

const SECRET = 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=';
const CONFIG = `version: 1
tenants:
  - id: acme
    destinations:
      - { id: orders, kind: http, url: 'http://127.0.0.1:9/orders', secret: '${SECRET}' }
      - { id: audit, kind: http, url: 'http://127.0.0.1:9/audit', secret: '${SECRET}' }
    routes:
      - id: slim
        eventTypes: ['billing.invoice.*']
        transform: '{ "invoice": subject, "kind": type, "tenant": tenantid }'
        destination: orders
      - id: broken
        eventTypes: ['billing.invoice.*']
        transform: 'data.lines ~> $map(function($l) { $error("no lines here") })'
        destination: audit
      - { id: as-is, eventTypes: ['billing.invoice.*'], destination: audit }
      - { id: big-only, eventTypes: ['crm.*'], filter: 'data.amount > 1000', destination: audit }
`;

const metric = async (service: TestService, outcome: string) => {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (row) =>
        row.startsWith('hookline_router_events_total{') && row.includes(`outcome="${outcome}"`),
    );
  return Number(line?.split(' ').at(-1) ?? 0);
};

describe('router: route transforms and unrouted events on a real broker', () => {
  let service: TestService;
  let observer: TopicObserver;

  beforeAll(async () => {
    service = await startTestService('router', (config) => RouterModule.register(config), {
      HOOKLINE_CONFIG: writeTestConfig(CONFIG),
      HOOKLINE_RETRY_TIERS: '200ms',
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.deliveries.v1', 'hookline.events.v1.dlt'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
  });

  it('delivers a route’s transform of the event, dead-letters a failing transform with its reason, other routes alone', async () => {
    const event = sampleIntegrationEvent({
      id: 'evt_t1',
      type: 'billing.invoice.paid',
      subject: 'stripe:in_t1',
      data: { id: 'in_t1', lines: [1] },
    });
    await observer.send('hookline.events.v1', [
      { key: 'acme:stripe:in_t1', value: JSON.stringify(event) },
    ]);
    const deliveries = await observer.waitFor('hookline.deliveries.v1', 2);
    const [deadLetter] = await observer.waitFor('hookline.events.v1.dlt', 1);

    const tasks = deliveries.map((message) =>
      DeliveryTask.parse(JSON.parse(message.value!.toString())),
    );
    expect(tasks.map((task) => [task.routeId, task.payload]).sort()).toEqual([
      ['as-is', undefined],
      ['slim', { invoice: 'stripe:in_t1', kind: 'billing.invoice.paid', tenant: 'acme' }],
    ]);
    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('PermanentError');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'route broken: transform failed on this event: transform failed: no lines here',
    );
    expect(await metric(service, 'transform_failed')).toBe(1);
  });

  it('counts an event no route takes as unrouted, and one only filters refuse as filtered out', async () => {
    const before = {
      unrouted: await metric(service, 'unrouted'),
      filtered: await metric(service, 'filtered_out'),
    };
    await observer.send('hookline.events.v1', [
      {
        key: 'acme:x:1',
        value: JSON.stringify(
          sampleIntegrationEvent({
            id: 'evt_u1',
            raweventid: 'raw_u1',
            type: 'chat.message.posted',
            subject: 'x:1',
          }),
        ),
      },
      {
        key: 'acme:x:2',
        value: JSON.stringify(
          sampleIntegrationEvent({
            id: 'evt_u2',
            raweventid: 'raw_u2',
            type: 'crm.deal.created',
            subject: 'x:2',
            data: { amount: 5 },
          }),
        ),
      },
    ]);
    for (const deadline = Date.now() + 20_000; ;) {
      const now = {
        unrouted: await metric(service, 'unrouted'),
        filtered: await metric(service, 'filtered_out'),
      };
      if (now.unrouted > before.unrouted && now.filtered > before.filtered) {
        expect(now).toEqual({ unrouted: before.unrouted + 1, filtered: before.filtered + 1 });
        break;
      }
      if (Date.now() > deadline) throw new Error(`router counted ${JSON.stringify(now)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await timelineOf(service, 'raw_u1', ['unrouted'])).toMatchObject([
      {
        stage: 'router',
        state: 'unrouted',
        eventId: 'evt_u1',
        detail: { type: 'chat.message.posted' },
      },
    ]);
    expect(await timelineOf(service, 'raw_u2', ['filtered'])).toMatchObject([
      {
        stage: 'router',
        state: 'filtered',
        eventId: 'evt_u2',
        detail: { type: 'crm.deal.created' },
      },
    ]);
  });
});
