import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Destination, type DestinationConfig } from '@hookline/config';
import { sampleIntegrationEvent } from '@hookline/testing';
import { Webhook } from 'standardwebhooks';
import { MAX_SNIPPET_BYTES } from '../delivery-outcome.js';
import { type DeliveryAttempt, type DestinationKind } from '../destination-kind.js';
import { EgressPolicy } from '../egress/egress-policy.js';
import { startStandInDestination, type StandInDestination } from '../testing/index.js';
import { HttpClient } from './http-client.js';
import { httpKind } from './index.js';

const SECRET = 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=';
const OLD_SECRET = 'whsec_b2xkLWhvb2tsaW5lLXRlc3Qtb25seS1zZWNyZXQ=';

describe('http destination kind', () => {
  let server: StandInDestination;
  let kind: DestinationKind;
  let client: HttpClient;
  let hang: Array<() => void> = [];

  beforeAll(async () => {
    server = await startStandInDestination((request, response) => {
      const status = Number(/^\/status\/(\d+)/.exec(request.path)?.[1] ?? 204);
      if (request.path === '/hang') return new Promise<void>((resolve) => hang.push(resolve));
      if (request.path === '/large') return void response.writeHead(200).end('x'.repeat(1 << 20));
      if (status === 429 || status === 503) response.setHeader('retry-after', '7');
      if (status === 301) response.setHeader('location', `${server.url}/status/204`);
      response.writeHead(status).end(`answer ${status}`);
    });
    client = new HttpClient(new EgressPolicy(['127.0.0.1/32']));
    kind = httpKind({ http: client, publish: async () => undefined });
  });

  afterAll(async () => {
    for (const release of hang) release();
    hang = [];
    await client.close();
    await server.close();
  });

  const destination = (path: string, extra: Record<string, unknown> = {}): DestinationConfig =>
    Destination.parse({
      id: `d${path.replace(/\W/g, '')}`,
      kind: 'http',
      url: `${server.url}${path}`,
      secret: SECRET,
      timeout: '5s',
      ...extra,
    });

  const attempt = (config: DestinationConfig): DeliveryAttempt => ({
    destination: config,
    task: {
      deliveryId: 'dlv_1',
      tenantId: 'acme',
      destinationId: config.id,
      routeId: 'r1',
      event: sampleIntegrationEvent(),
    },
    webhookId: 'dlv_first',
    idempotencyKey: 'stripe:invoice.paid:evt_1',
    trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    now: new Date(),
  });

  it('POSTs the event signed for every secret, with its idempotency key, trace and custom headers', async () => {
    const config = destination('/ok', {
      previousSecrets: [OLD_SECRET],
      headers: { 'x-team': 'billing' },
    });
    const outcome = await kind.deliver(attempt(config));
    expect(outcome).toMatchObject({ outcome: 'delivered', status: 204 });
    const request = server.received.find((candidate) => candidate.path === '/ok')!;
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    // A receiver that knows only the new secret, or only the old one, verifies it.
    for (const secret of [SECRET, OLD_SECRET])
      expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({ id: 'evt_sample' });
    expect(headers['webhook-id']).toBe('dlv_first');
    expect(request.headers['idempotency-key']).toBe('stripe:invoice.paid:evt_1');
    expect(request.headers['traceparent']).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    expect(request.headers['x-team']).toBe('billing');
    expect(request.headers['content-type']).toBe('application/json');
  });

  it.each([
    [200, 'delivered', undefined],
    [408, 'transient', undefined],
    [425, 'transient', undefined],
    [429, 'transient', 7_000],
    [500, 'transient', undefined],
    [503, 'transient', 7_000],
    [301, 'permanent', undefined],
    [400, 'permanent', undefined],
    [404, 'permanent', undefined],
    [410, 'permanent', undefined],
  ])('classifies %i as %s', async (status, outcome, retryAfterMs) => {
    const before = Date.now();
    const result = await kind.deliver(attempt(destination(`/status/${status}`)));
    expect(result.outcome).toBe(outcome);
    expect(result.status).toBe(status);
    expect(result.gone ?? false).toBe(status === 410);
    if (status !== 200) expect(result.responseSnippet).toBe(`answer ${status}`);
    if (retryAfterMs) expect(result.retryAfter).toBeGreaterThanOrEqual(before + retryAfterMs);
  });

  it('does not follow a redirect', async () => {
    const before = server.received.length;
    await kind.deliver(attempt(destination('/status/301')));
    expect(server.received.slice(before).map((request) => request.path)).toEqual(['/status/301']);
  });

  it('gives up on a destination that hangs after its timeout, as a transient failure', async () => {
    const started = Date.now();
    const result = await kind.deliver(attempt(destination('/hang', { timeout: '300ms' })));
    expect(result).toMatchObject({ outcome: 'transient', errorClass: 'Timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reads no more than a bounded snippet of a large answer', async () => {
    const result = await kind.deliver(attempt(destination('/large')));
    expect(result.outcome).toBe('delivered');
    expect(result.responseSnippet?.length).toBe(MAX_SNIPPET_BYTES);
  });

  it('treats a refused connection as transient', async () => {
    const closed = await startStandInDestination();
    const url = closed.url;
    await closed.close();
    const result = await kind.deliver(
      attempt(Destination.parse({ id: 'closed', kind: 'http', url, secret: SECRET })),
    );
    expect(result).toMatchObject({ outcome: 'transient', errorClass: 'ConnectionError' });
  });

  it('reuses keep-alive connections', async () => {
    const config = destination('/reuse');
    const before = server.connections;
    for (let i = 0; i < 10; i++) await kind.deliver(attempt(config));
    // Without keep-alive, ten requests would open ten connections.
    expect(server.connections - before).toBeLessThanOrEqual(2);
  });

  describe('without an allowlist', () => {
    const strictClient = new HttpClient(new EgressPolicy());
    const strict = httpKind({ http: strictClient, publish: async () => undefined });
    afterAll(() => strictClient.close());

    it.each([
      ['an IP literal', () => server.url],
      ['a name that resolves to loopback', () => server.url.replace('127.0.0.1', 'localhost')],
    ])('refuses %s for good, before any request is sent', async (_label, url) => {
      const before = server.received.length;
      const result = await strict.deliver(
        attempt(Destination.parse({ id: 'private', kind: 'http', url: url(), secret: SECRET })),
      );
      expect(result).toMatchObject({ outcome: 'permanent', errorClass: 'EgressRefused' });
      expect(result.reason).toMatch(/loopback/);
      expect(server.received.length).toBe(before);
    });
  });
});
