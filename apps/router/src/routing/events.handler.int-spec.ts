import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudEvent, Kafka } from 'cloudevents';
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
      ['hookline.deliveries.v1', 'hookline.events.v1.dlt'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
  });

  it('fans an event out to every route that selects it, keyed by destination and subject', async () => {
    const event = sampleIntegrationEvent({ id: 'evt_r1', raweventid: 'raw_r1' });
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
      providerEventId: event.providereventid,
      correlationId: 'c-1',
    });
    expect((routed!.detail['destinations'] as string[]).sort()).toEqual(['audit', 'orders']);
    expect((routed!.detail['deliveryIds'] as string[]).sort()).toEqual(
      tasks.map(({ task }) => task.deliveryId).sort(),
    );
  });

  it('takes CloudEvents in structured mode (and events written before it), refusing binary mode', async () => {
    const before = observer.messages('hookline.deliveries.v1').length;
    const structured = sampleIntegrationEvent({
      id: 'evt_ce1',
      raweventid: 'raw_ce1',
      subject: 'stripe:in_ce1',
    });
    const binary = sampleIntegrationEvent({ id: 'evt_ce2', raweventid: 'raw_ce2' });
    const legacy = sampleIntegrationEvent({ id: 'evt_ce3', raweventid: 'raw_ce3' });
    const { tenantid, providereventid, idempotencykey, raweventid, schemaversion, ...core } =
      legacy;
    const asWrittenBefore = {
      ...core,
      tenantId: tenantid,
      providerEventId: providereventid,
      idempotencyKey: idempotencykey,
      rawEventId: raweventid,
      schemaVersion: schemaversion,
      receivedAt: legacy.time,
    };
    const sdkStructured = Kafka.structured(new CloudEvent<unknown>(structured));
    const sdkBinary = Kafka.binary(new CloudEvent<unknown>(binary));
    // The SDK leaves unset attributes as undefined headers; Kafka headers have values.
    const present = (headers: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, String(value)]],
        ),
      );
    await observer.send('hookline.events.v1', [
      {
        key: 'acme:stripe:in_ce1',
        value: sdkStructured.value,
        headers: present(sdkStructured.headers),
      },
      {
        key: 'acme:stripe:in_ce2',
        value: JSON.stringify(sdkBinary.value),
        headers: present(sdkBinary.headers),
      },
      { key: 'acme:stripe:in_ce3', value: JSON.stringify(asWrittenBefore) },
    ]);
    const [deadLetter] = await observer.waitFor('hookline.events.v1.dlt', 1);
    const tasks = (await observer.waitFor('hookline.deliveries.v1', before + 4))
      .slice(before)
      .map((message) => JSON.parse(message.value?.toString() ?? '{}') as DeliveryTask);

    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('UndecodableRecord');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toMatch(
      /takes application\/cloudevents\+json records, not content-type "application\/json"/,
    );
    expect(tasks.map((task) => [task.event.id, task.routeId]).sort()).toEqual([
      ['evt_ce1', 'audit-all'],
      ['evt_ce1', 'billing'],
      ['evt_ce3', 'audit-all'],
      ['evt_ce3', 'billing'],
    ]);
    expect(tasks.find((task) => task.event.id === 'evt_ce1')?.event).toEqual(structured);
    // Delivered with the current names, as the event would have been written today.
    expect(tasks.find((task) => task.event.id === 'evt_ce3')?.event).toEqual(legacy);
  });
});
