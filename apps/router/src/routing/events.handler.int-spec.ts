import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryTask } from '@hookline/contracts';
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
      - { id: billing, eventTypes: ['stripe.invoice.*'], destination: orders }
      - { id: audit-all, eventTypes: ['*'], destination: audit }
`;

describe('router: hookline.events.v1 → hookline.deliveries.v1 on a real broker', () => {
  let service: TestService;
  let observer: TopicObserver;

  beforeAll(async () => {
    service = await startTestService('router', (config) => RouterModule.register(config), {
      HOOKLINE_CONFIG: writeTestConfig(CONFIG),
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.deliveries.v1'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
  });

  it('fans an event out to every route that selects it, keyed by destination and subject', async () => {
    const event = sampleIntegrationEvent({ id: 'evt_r1', rawEventId: 'raw_r1' });
    await observer.send('hookline.events.v1', [
      {
        key: 'acme:stripe:in_1',
        value: JSON.stringify(event),
        headers: { 'hookline-correlation-id': 'c-1' },
      },
    ]);
    const deliveries = await observer.waitFor('hookline.deliveries.v1', 2);

    const tasks = deliveries.map((message) => ({
      key: message.key?.toString(),
      task: DeliveryTask.parse(JSON.parse(message.value?.toString() ?? '{}')),
    }));
    expect(tasks.map(({ key, task }) => [key, task.routeId, task.destinationId]).sort()).toEqual([
      ['audit:stripe:in_1', 'audit-all', 'audit'],
      ['orders:stripe:in_1', 'billing', 'orders'],
    ]);
    expect(tasks[0]?.task.event).toEqual(event);
    expect(
      deliveries.every(
        (message) => message.headers?.['hookline-correlation-id']?.toString() === 'c-1',
      ),
    ).toBe(true);
    const [routed] = await timelineOf(service, 'raw_r1', ['routed']);
    expect(routed).toMatchObject({
      stage: 'router',
      eventId: 'evt_r1',
      providerEventId: event.providerEventId,
      correlationId: 'c-1',
    });
    expect((routed!.detail['destinations'] as string[]).sort()).toEqual(['audit', 'orders']);
    expect((routed!.detail['deliveryIds'] as string[]).sort()).toEqual(
      tasks.map(({ task }) => task.deliveryId).sort(),
    );
  });
});
