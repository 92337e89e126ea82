import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureHeaders } from '@hookline/contracts';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { freePort, waitForReady } from '@hookline/testing';
import kafkajs, { type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import { ExecutorModule } from '../executor.module.js';

const SECRET = 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=';

describe('executor: delivery tasks to a real HTTP destination, through retry tiers and the DLT', () => {
  let service: TestService;
  let server: Server;
  let producer: Producer;
  let consumer: Consumer;
  const received: { path: string; headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  const deadLetters: KafkaMessage[] = [];
  let flaky = 0;

  beforeAll(async () => {
    const port = await freePort();
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body, at: Date.now() });
        if (request.url === '/gone') return void response.writeHead(410).end();
        // The flaky endpoint fails once, then accepts.
        response.writeHead(request.url === '/flaky' && flaky++ === 0 ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const configPath = join(mkdtempSync(join(tmpdir(), 'executor-')), 'hookline.yaml');
    writeFileSync(
      configPath,
      `version: 1
tenants:
  - id: acme
    destinations:
      - { id: flaky, kind: http, url: 'http://127.0.0.1:${port}/flaky', secret: '${SECRET}', timeout: 2s }
      - { id: gone, kind: http, url: 'http://127.0.0.1:${port}/gone', secret: '${SECRET}' }
`,
    );
    service = await startTestService('executor', (config) => ExecutorModule.register(config), {
      HOOKLINE_CONFIG: configPath,
      HOOKLINE_RETRY_TIERS: '300ms,600ms',
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
      topic: `${service.config.kafka.topicPrefix}.hookline.deliveries.v1.dlt`,
      fromBeginning: true,
    });
    await consumer.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await service?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const task = (deliveryId: string, destinationId: string) => ({
    deliveryId,
    tenantId: 'acme',
    destinationId,
    routeId: 'r1',
    event: {
      id: `evt_${deliveryId}`,
      source: 'hookline://acme/sources/s',
      specversion: '1.0',
      type: 'stripe.invoice.paid',
      subject: 'stripe:in_1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { amount_paid: 4200 },
      tenantId: 'acme',
      provider: 'stripe',
      providerEventId: 'evt_1',
      idempotencyKey: `stripe:invoice.paid:${deliveryId}`,
      rawEventId: 'raw_1',
      schemaVersion: 1,
      receivedAt: new Date().toISOString(),
    },
  });

  it('retries a 503 through a tier and delivers a signed request with its idempotency key', async () => {
    await producer.send({
      topic: `${service.config.kafka.topicPrefix}.hookline.deliveries.v1`,
      messages: [
        {
          key: 'flaky:stripe:in_1',
          value: JSON.stringify(task('dlv_1', 'flaky')),
          headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
        },
      ],
    });
    for (
      const deadline = Date.now() + 20_000;
      received.filter((r) => r.path === '/flaky').length < 2 && Date.now() < deadline;
    )
      await sleep(50);

    const attempts = received.filter((request) => request.path === '/flaky');
    expect(attempts).toHaveLength(2);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    const last = attempts[1]!;
    expect(last.headers['idempotency-key']).toBe('stripe:invoice.paid:dlv_1');
    expect(last.headers['webhook-id']).toBe('dlv_1');
    expect(last.headers['traceparent']).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    const verified = new Webhook(SECRET).verify(last.body, {
      'webhook-id': String(last.headers['webhook-id']),
      'webhook-timestamp': String(last.headers['webhook-timestamp']),
      'webhook-signature': String(last.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({ id: 'evt_dlv_1', type: 'stripe.invoice.paid' });
  });

  it('dead-letters a task the destination refuses for good (410)', async () => {
    await producer.send({
      topic: `${service.config.kafka.topicPrefix}.hookline.deliveries.v1`,
      messages: [{ key: 'gone:stripe:in_1', value: JSON.stringify(task('dlv_2', 'gone')) }],
    });
    for (const deadline = Date.now() + 20_000; deadLetters.length < 1 && Date.now() < deadline;)
      await sleep(50);
    expect(received.filter((request) => request.path === '/gone')).toHaveLength(1);
    expect(deadLetters[0]?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('PermanentError');
    expect(deadLetters[0]?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'gone answered 410',
    );
  });
});
