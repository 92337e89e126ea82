import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { Agent } from 'undici';
import { readTelemetryConfig, startTelemetry, unsupportedTelemetryVariables } from './telemetry.js';
import { inSpan, isTracing, SpanKind, type Tracing } from './tracing.js';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('startTelemetry', () => {
  let collector: Server;
  let endpoint = '';
  const posts: { path: string; body: string }[] = [];
  const requests: IncomingHttpHeaders[] = [];
  let tracing: Tracing | undefined;

  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.url === '/v1/traces') posts.push({ path: request.url, body });
        else requests.push(request.headers);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
    posts.length = 0;
    requests.length = 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
  });

  const handOn = () =>
    inSpan(
      'process t',
      { kind: SpanKind.CONSUMER, parent: { traceparent: PARENT } },
      async (_s, h) => h,
    );

  it('starts nothing without an endpoint: no SDK, no span, the caller context handed on', async () => {
    tracing = startTelemetry({ service: 'router', env: {}, hookImports: false });
    expect(tracing).toBeUndefined();
    expect(isTracing()).toBe(false);
    expect((await handOn()).traceparent).toBe(PARENT);
    expect(posts).toEqual([]);
  });

  it('starts nothing when disabled or when the OTEL_* settings are refused', () => {
    for (const env of [
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'zipkin' },
    ]) {
      expect(startTelemetry({ service: 'router', env, hookImports: false })).toBeUndefined();
      expect(isTracing()).toBe(false);
    }
  });

  it('exports over OTLP/HTTP to <endpoint>/v1/traces when the endpoint is set', async () => {
    tracing = startTelemetry({
      service: 'router',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
      hookImports: false,
    });
    expect(isTracing()).toBe(true);
    const own = await handOn();
    expect(own.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(own.traceparent).not.toBe(PARENT);
    await tracing?.flush();
    expect(posts.map((post) => post.path)).toEqual(['/v1/traces']);
    expect(posts[0]?.body).toContain('process t');
    expect(posts[0]?.body).toContain('router');
  });

  it('hands spans to a given exporter, also without an endpoint, and posts nothing', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTelemetry({ service: 'executor', env: {}, exporter, hookImports: false });
    await handOn();
    await tracing?.flush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['process t']);
    expect(posts).toEqual([]);
  });

  it('sends an outbound undici request one traceparent: its client span, child of the active span', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTelemetry({ service: 'executor', env: {}, exporter, hookImports: false });
    const agent = new Agent();
    try {
      await inSpan('deliver orders', { kind: SpanKind.INTERNAL }, async (_span, own) => {
        const response = await agent.request({
          origin: endpoint,
          path: '/hooks',
          method: 'POST',
          // Set by the delivery for when nothing records; the client span's replaces it.
          headers: { traceparent: own.traceparent ?? '' },
          body: '{}',
        });
        await response.body.text();
      });
    } finally {
      await agent.close();
    }
    const spans = exporter.getFinishedSpans();
    const deliver = spans.find((span) => span.name === 'deliver orders');
    const post = spans.find((span) => span.name === 'POST');
    expect(post?.kind).toBe(SpanKind.CLIENT);
    expect(post?.parentSpanContext?.spanId).toBe(deliver?.spanContext().spanId);
    expect(post?.attributes['http.response.status_code']).toBe(200);
    expect(requests.map((headers) => headers['traceparent'])).toEqual([
      `00-${post?.spanContext().traceId}-${post?.spanContext().spanId}-01`,
    ]);
  });
});

describe('readTelemetryConfig', () => {
  it('reads the switch and the endpoint, and refuses what Hookline does not implement', () => {
    expect(readTelemetryConfig({})).toEqual({ enabled: true });
    expect(
      readTelemetryConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer x',
      }),
    ).toEqual({ enabled: true, otlpEndpoint: 'http://collector:4318' });
    expect(readTelemetryConfig({ OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false });
    expect(readTelemetryConfig({ OTEL_SDK_DISABLED: 'yes' })).toBeUndefined();
    expect(
      unsupportedTelemetryVariables({
        OTEL_PROPAGATORS: 'b3',
        OTEL_SERVICE_NAME: 'x',
        PATH: '/bin',
        OTEL_METRICS_EXPORTER: 'otlp',
      }),
    ).toEqual(['OTEL_METRICS_EXPORTER', 'OTEL_PROPAGATORS']);
  });
});
