import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryTask } from '@hookline/contracts';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { waitForReady } from '@hookline/testing';
import kafkajs, { type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { RouterModule } from '../router.module.js';

const CONFIG = `version: 1
tenants:
  - id: acme
    destinations:
      - { id: orders, kind: http, url: 'http://127.0.0.1:9/orders', secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=' }
      - { id: audit, kind: http, url: 'http://127.0.0.1:9/audit', secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=' }
    routes:
      - { id: billing, eventTypes: ['stripe.invoice.*'], destination: orders }
      - { id: audit-all, eventTypes: ['*'], destination: audit }
`;

describe('router: hookline.events.v1 → hookline.deliveries.v1 on a real broker', () => {
  let service: TestService;
  let producer: Producer;
  let consumer: Consumer;
  const deliveries: KafkaMessage[] = [];

  beforeAll(async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), 'router-')), 'hookline.yaml');
    writeFileSync(configPath, CONFIG);
    service = await startTestService('router', (config) => RouterModule.register(config), {
      HOOKLINE_CONFIG: configPath,
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    const kafka = new kafkajs.Kafka({
      brokers: service.config.kafka.brokers,
      logLevel: kafkajs.logLevel.NOTHING,
    });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({
      groupId: `${service.config.kafka.topicPrefix}-observer`,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${service.config.kafka.topicPrefix}.hookline.deliveries.v1`,
      fromBeginning: true,
    });
    await consumer.run({ eachMessage: async ({ message }) => void deliveries.push(message) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await service?.close();
  });

  it('fans an event out to every route that selects it, keyed by destination and subject', async () => {
    const event = {
      id: 'evt_r1',
      source: 'hookline://acme/sources/acme-stripe',
      specversion: '1.0',
      type: 'stripe.invoice.paid',
      subject: 'stripe:in_1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { amount_paid: 4200 },
      tenantId: 'acme',
      provider: 'stripe',
      providerEventId: 'evt_1',
      idempotencyKey: 'stripe:invoice.paid:evt_1',
      rawEventId: 'raw_1',
      schemaVersion: 1,
      receivedAt: new Date().toISOString(),
    };
    await producer.send({
      topic: `${service.config.kafka.topicPrefix}.hookline.events.v1`,
      messages: [
        {
          key: 'acme:stripe:in_1',
          value: JSON.stringify(event),
          headers: { 'hookline-correlation-id': 'c-1' },
        },
      ],
    });
    for (const deadline = Date.now() + 20_000; deliveries.length < 2 && Date.now() < deadline;)
      await sleep(50);

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
  });
});
