import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CollectedSpan,
  compileForChildProcess,
  createTestDatabase,
  freePort,
  type OtlpCollector,
  OtlpSpanKind,
  type RunningChild,
  serviceProcessEnv,
  signWebhook,
  startOtlpCollector,
  type TestDatabase,
  workspaceFile,
  writeTestConfig,
  startServiceProcesses,
  stopChildren,
} from '@hookline/testing';

const STRIPE_SECRET = 'whsec_e2e_trace_stripe';
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtZTJlLW9ubHktc2VjcmV0LTMyYnl0ZXM=';

const KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

/** The spans as an indented tree: name, kind and service, children by start order. */
function spanTree(spans: CollectedSpan[], prefix: string): string {
  const lines: string[] = [];
  const walk = (parentSpanId: string, depth: number) => {
    const children = spans
      .filter((candidate) => candidate.parentSpanId === parentSpanId)
      .sort((a, b) => a.startMs - b.startMs);
    for (const span of children) {
      const name = span.name.replaceAll(prefix, '<p>');
      const status = span.statusCode === 2 ? ' ERROR' : '';
      lines.push(`${'  '.repeat(depth)}${name}  [${span.service}, ${KINDS[span.kind]}${status}]`);
      walk(span.spanId, depth + 1);
    }
  };
  walk('', 0);
  return `${lines.join('\n')}\n`;
}

/**
 * The compiled services as real processes, each started by its main.ts (startTelemetry,
 * the import hook, the instrumentations) and exporting over OTLP/HTTP to a stand-in
 * collector in this process: one webhook, through one retry tier, is one trace.
 */
describe('one signed webhook is one trace across ingest, normalizer, router and executor', () => {
  const services: RunningChild[] = [];
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let collector: OtlpCollector;
  let destination: Server;
  const received: { status: number; headers: IncomingHttpHeaders }[] = [];
  let ingestUrl = '';
  let prefix = '';

  beforeAll(async () => {
    collector = await startOtlpCollector();
    const port = await freePort();
    // Fails the first delivery (503, retried), takes the second.
    destination = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const status = received.length === 0 ? 503 : 200;
        received.push({ status, headers: request.headers });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => destination.listen(port, '127.0.0.1', resolve));
    const configPath = writeTestConfig(`version: 1
egress: { allow: ['127.0.0.1'] }
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: ['${STRIPE_SECRET}'] }
    destinations:
      - { id: orders, kind: http, url: 'http://127.0.0.1:${port}/hooks', secret: '${DESTINATION_SECRET}', retryTiers: ['500ms'] }
    routes:
      - { id: invoices, eventTypes: ['billing.invoice.*'], destination: orders }
`);
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    const env = serviceProcessEnv(configPath, database.url, {
      HOOKLINE_RETRY_TIERS: '500ms',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      // Export every 100 ms rather than every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    prefix = env['HOOKLINE_TOPIC_PREFIX'] ?? '';
    const started = await startServiceProcesses(
      build.outDir,
      ['ingest', 'normalizer', 'router', 'executor'],
      env,
      90_000,
    );
    services.push(...started.map(({ child }) => child));
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);
    ingestUrl = started[0]!.url;
  }, 300_000);

  afterAll(async () => {
    await stopChildren(services);
    await new Promise((resolve) => destination?.close(resolve));
    await collector?.close();
    await database?.drop();
    build?.remove();
  });

  /** The one span named `name` (its parent, when given, is `parent`). */
  function spanNamed(name: string, parent?: CollectedSpan): CollectedSpan {
    const found = collector.spans.filter(
      (span) => span.name === name && (!parent || span.parentSpanId === parent.spanId),
    );
    expect(found.map((span) => span.name)).toEqual([name]);
    return found[0]!;
  }

  it('records the chain ingest → normalizer → router → executor, its retry and both attempts in one trace', async () => {
    const request = await signWebhook('stripe', { secret: STRIPE_SECRET, sourceId: 'acme-stripe' });
    const response = await fetch(`${ingestUrl}/webhooks/acme-stripe`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(response.status).toBe(200);

    // Each service exports on its own schedule (a service just started may still be
    // detecting its resource): wait until every span the chain is made of has arrived.
    const retryTopic = `${prefix}.hookline.deliveries.v1.retry.500ms`;
    const chain = [
      'POST /webhooks/:sourceId',
      ...['ingested', 'events', 'deliveries'].flatMap((topic) => [
        `send ${prefix}.hookline.${topic}.v1`,
        `process ${prefix}.hookline.${topic}.v1`,
      ]),
      `send ${retryTopic}`,
      `process ${retryTopic}`,
    ];
    for (
      const deadline = Date.now() + 60_000;
      !chain.every((name) => collector.spans.some((span) => span.name === name)) &&
      Date.now() < deadline;
    )
      await sleep(100);
    expect(received.map((delivery) => delivery.status)).toEqual([503, 200]);
    // The tree as text, for a reader (docs/tracing.md shows one).
    mkdirSync(workspaceFile('tmp'), { recursive: true });
    writeFileSync(workspaceFile('tmp/webhook-trace.txt'), spanTree(collector.spans, prefix));

    // One trace: every span any service exported.
    expect(new Set(collector.spans.map((span) => span.traceId)).size).toBe(1);

    // ingest: the HTTP instrumentation's server span is the root, named after the route.
    const server = spanNamed('POST /webhooks/:sourceId');
    expect(server).toMatchObject({
      service: 'ingest',
      kind: OtlpSpanKind.server,
      parentSpanId: '',
    });
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/webhooks/:sourceId',
      'http.response.status_code': 200,
      'hookline.source_id': 'acme-stripe',
    });
    // The raw request's durable write, by the PostgreSQL instrumentation, inside it.
    const queries = collector.spans.filter(
      (span) => span.service === 'ingest' && span.parentSpanId === server.spanId,
    );
    expect(
      queries.some((span) =>
        [span.attributes['db.system.name'], span.attributes['db.system']].includes('postgresql'),
      ),
    ).toBe(true);

    const ingested = spanNamed(`send ${prefix}.hookline.ingested.v1`, server);
    expect(ingested).toMatchObject({ service: 'ingest', kind: OtlpSpanKind.producer });
    expect(ingested.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': `${prefix}.hookline.ingested.v1`,
    });
    expect(ingested.attributes['messaging.destination.partition.id']).toMatch(/^\d+$/);

    // normalizer and router: a consumer span per handling, a producer span per record sent.
    const normalizing = spanNamed(`process ${prefix}.hookline.ingested.v1`, ingested);
    expect(normalizing).toMatchObject({ service: 'normalizer', kind: OtlpSpanKind.consumer });
    expect(normalizing.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': `${prefix}.hookline.ingested.v1`,
      'messaging.consumer.group.name': expect.stringMatching(/^hookline-normalizer\./),
      'messaging.kafka.offset': expect.any(Number),
      'messaging.kafka.message.key': expect.any(String),
      'hookline.attempt': 1,
    });
    const events = spanNamed(`send ${prefix}.hookline.events.v1`, normalizing);
    const routing = spanNamed(`process ${prefix}.hookline.events.v1`, events);
    expect(routing.service).toBe('router');
    const deliveries = spanNamed(`send ${prefix}.hookline.deliveries.v1`, routing);

    // executor, attempt 1: failed, forwarded to the retry tier from inside its handling.
    const first = spanNamed(`process ${prefix}.hookline.deliveries.v1`, deliveries);
    expect(first).toMatchObject({ service: 'executor', statusCode: 2 });
    expect(first.attributes).toMatchObject({
      'hookline.attempt': 1,
      'error.type': 'DeliveryFailed',
    });
    const firstAttempt = spanNamed('deliver orders', first);
    expect(firstAttempt.attributes).toMatchObject({
      'hookline.destination.id': 'orders',
      'hookline.attempt': 1,
      'hookline.delivery.outcome': 'transient',
    });
    const firstPost = spanNamed('POST', firstAttempt);
    expect(firstPost).toMatchObject({ kind: OtlpSpanKind.client });
    expect(firstPost.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/hooks$/),
      'server.address': '127.0.0.1',
      'http.response.status_code': 503,
    });
    const retry = spanNamed(`send ${retryTopic}`, first);
    expect(retry).toMatchObject({ kind: OtlpSpanKind.producer });
    expect(retry.attributes).toMatchObject({ 'hookline.retry.tier': '500ms' });

    // executor, attempt 2: from the retry tier, delivered.
    const second = spanNamed(`process ${retryTopic}`, retry);
    expect(second.attributes).toMatchObject({ 'hookline.attempt': 2 });
    expect(second.statusCode).not.toBe(2);
    const secondAttempt = spanNamed('deliver orders', second);
    expect(secondAttempt.attributes).toMatchObject({
      'hookline.attempt': 2,
      'hookline.delivery.outcome': 'delivered',
    });
    const secondPost = spanNamed('POST', secondAttempt);
    expect(secondPost.attributes['http.response.status_code']).toBe(200);

    // Each request carried exactly one traceparent: its own client span's.
    expect(received.map((delivery) => delivery.headers['traceparent'])).toEqual([
      `00-${server.traceId}-${firstPost.spanId}-01`,
      `00-${server.traceId}-${secondPost.spanId}-01`,
    ]);
  });
});
