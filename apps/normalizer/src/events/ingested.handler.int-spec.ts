import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureHeaders, IntegrationEvent } from '@hookline/contracts';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { waitForReady } from '@hookline/testing';
import kafkajs, { type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { NormalizerModule } from '../normalizer.module.js';

describe('normalizer: hookline.ingested.v1 → hookline.events.v1 on a real broker', () => {
  let service: TestService;
  let producer: Producer;
  let consumer: Consumer;
  const events: KafkaMessage[] = [];
  const deadLetters: KafkaMessage[] = [];
  const topic = (name: string) => `${service.config.kafka.topicPrefix}.${name}`;

  beforeAll(async () => {
    service = await startTestService('normalizer', (config) => NormalizerModule.register(config), {
      HOOKLINE_RETRY_TIERS: '200ms',
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
      topics: [topic('hookline.events.v1'), topic('hookline.ingested.v1.dlt')],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic: from, message }) =>
        void (from.endsWith('.dlt') ? deadLetters : events).push(message),
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await service?.close();
  });

  it('publishes the canonical event of a raw webhook, and dead-letters a broken envelope', async () => {
    const body = { id: 'evt_77', type: 'invoice.paid', data: { object: { id: 'in_77' } } };
    const envelope = {
      rawEventId: 'raw_77',
      tenantId: 'acme',
      sourceId: 'acme-stripe',
      provider: 'stripe',
      receivedAt: new Date().toISOString(),
      dedupKey: 'evt_77',
      headers: {},
      contentType: 'application/json',
      body: { base64: Buffer.from(JSON.stringify(body)).toString('base64') },
    };
    await producer.send({
      topic: topic('hookline.ingested.v1'),
      messages: [
        {
          key: 'acme-stripe',
          value: JSON.stringify(envelope),
          headers: { 'hookline-correlation-id': 'c-77', 'hookline-tenant-id': 'acme' },
        },
        { key: 'acme-stripe', value: JSON.stringify({ rawEventId: 'raw_78' }) },
      ],
    });
    for (
      const deadline = Date.now() + 20_000;
      (events.length < 1 || deadLetters.length < 1) && Date.now() < deadline;
    )
      await sleep(50);

    const event = IntegrationEvent.parse(JSON.parse(events[0]?.value?.toString() ?? '{}'));
    expect(event).toMatchObject({
      type: 'stripe.invoice.paid',
      subject: 'stripe:in_77',
      tenantId: 'acme',
      rawEventId: 'raw_77',
      data: body,
    });
    expect(events[0]?.key?.toString()).toBe('acme:stripe:in_77');
    expect(events[0]?.headers?.['hookline-correlation-id']?.toString()).toBe('c-77');
    expect(deadLetters[0]?.headers?.[FailureHeaders.errorClass]?.toString()).toBe(
      'SchemaViolation',
    );
  });
});
