import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureHeaders } from '@hookline/contracts';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import {
  freePort,
  sampleIntegrationEvent,
  TopicObserver,
  waitForReady,
  writeTestConfig,
} from '@hookline/testing';
import { Webhook } from 'standardwebhooks';
import { ExecutorModule } from '../executor.module.js';

const SECRET = 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=';

describe('executor: delivery tasks to a real HTTP destination, through retry tiers and the DLT', () => {
  let service: TestService;
  let server: Server;
  let observer: TopicObserver;
  const received: { path: string; headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  let flaky = 0;

  beforeAll(async () => {
    const port = await freePort();
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body, at: Date.now() });
        if (request.url === '/gone') return void response.writeHead(410).end();
        if (request.url === '/down') return void response.writeHead(503).end();
        // The flaky endpoint fails once, then accepts.
        response.writeHead(request.url === '/flaky' && flaky++ === 0 ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const configPath = writeTestConfig(
      `version: 1
tenants:
  - id: acme
    destinations:
      - { id: flaky, kind: http, url: 'http://127.0.0.1:${port}/flaky', secret: '${SECRET}', timeout: 2s, retryTiers: ['300ms'] }
      - { id: gone, kind: http, url: 'http://127.0.0.1:${port}/gone', secret: '${SECRET}' }
      - { id: down, kind: http, url: 'http://127.0.0.1:${port}/down', secret: '${SECRET}', retryTiers: ['200ms', '200ms', '1s'] }
`,
    );
    service = await startTestService('executor', (config) => ExecutorModule.register(config), {
      HOOKLINE_CONFIG: configPath,
      // The service's tiers carry retries; each destination's own retryTiers time them.
      HOOKLINE_RETRY_TIERS: '300ms,600ms',
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.deliveries.v1.dlt'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const task = (deliveryId: string, destinationId: string) => ({
    deliveryId,
    tenantId: 'acme',
    destinationId,
    routeId: 'r1',
    event: sampleIntegrationEvent({
      id: `evt_${deliveryId}`,
      idempotencyKey: `stripe:invoice.paid:${deliveryId}`,
    }),
  });

  it('retries a 503 through a tier and delivers a signed request with its idempotency key', async () => {
    await observer.send('hookline.deliveries.v1', [
      {
        key: 'flaky:stripe:in_1',
        value: JSON.stringify(task('dlv_1', 'flaky')),
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      },
    ]);
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
    // The same trace, continued by the executor's own span for this attempt.
    const [, traceId, spanId] =
      /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(last.headers['traceparent'])) ?? [];
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(spanId).not.toBe('b7ad6b7169203331');
    const verified = new Webhook(SECRET).verify(last.body, {
      'webhook-id': String(last.headers['webhook-id']),
      'webhook-timestamp': String(last.headers['webhook-timestamp']),
      'webhook-signature': String(last.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({ id: 'evt_dlv_1', type: 'stripe.invoice.paid' });
  });

  it('dead-letters a task the destination refuses for good (410)', async () => {
    await observer.send('hookline.deliveries.v1', [
      { key: 'gone:stripe:in_1', value: JSON.stringify(task('dlv_2', 'gone')) },
    ]);
    const deadLetters = await observer.waitFor('hookline.deliveries.v1.dlt', 1);
    expect(received.filter((request) => request.path === '/gone')).toHaveLength(1);
    expect(deadLetters[0]?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('PermanentError');
    expect(deadLetters[0]?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'gone answered 410',
    );
  });

  it("retries on the destination's own schedule, then dead-letters with the attempt count", async () => {
    await observer.send('hookline.deliveries.v1', [
      { key: 'down:stripe:in_1', value: JSON.stringify(task('dlv_3', 'down')) },
    ]);
    const deadLetters = await observer.waitFor('hookline.deliveries.v1.dlt', 2);
    const attempts = received.filter((request) => request.path === '/down');
    // Three retries (the destination's schedule), not the service's two.
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((attempt, index) => attempt.at - attempts[index]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(150);
    expect(gaps[2]).toBeGreaterThanOrEqual(750);
    const deadLetter = deadLetters.find((record) => record.key?.toString() === 'down:stripe:in_1');
    expect(deadLetter?.headers?.[FailureHeaders.attempt]?.toString()).toBe('4');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toContain('503');
  });
});
