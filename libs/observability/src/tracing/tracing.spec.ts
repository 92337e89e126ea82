import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { inSpan, SpanKind, startTracing, type Tracing } from './tracing.js';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('tracing', () => {
  let tracing: Tracing | undefined;
  afterAll(async () => tracing?.shutdown());

  it('without the SDK, hands the parent context on unchanged and makes none up', async () => {
    const passed = await inSpan(
      'process',
      { kind: SpanKind.CONSUMER, parent: { traceparent: PARENT } },
      async (_span, headers) => headers,
    );
    expect(passed.traceparent).toBe(PARENT);
    const none = await inSpan(
      'process',
      { kind: SpanKind.CONSUMER },
      async (_span, headers) => headers,
    );
    expect(none.traceparent).toBeUndefined();
  });

  it('with the SDK, makes a child span of the caller and hands on its own context', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ service: 'normalizer', exporter });
    expect(startTracing({ service: 'other' })).toBe(tracing);

    const headers = await inSpan(
      'process hookline.ingested.v1',
      {
        kind: SpanKind.CONSUMER,
        parent: { traceparent: PARENT },
        attributes: { 'messaging.destination.name': 'hookline.ingested.v1' },
      },
      async (_span, own) => own,
    );
    const [, traceId, spanId] = TRACEPARENT.exec(headers.traceparent ?? '') ?? [];
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(spanId).not.toBe('b7ad6b7169203331');

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('process hookline.ingested.v1');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.spanContext().spanId).toBe(spanId);
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span?.resource.attributes['service.name']).toBe('normalizer');
    expect(span?.attributes['messaging.destination.name']).toBe('hookline.ingested.v1');
  });

  it('starts a new trace when the caller sent none, and marks a failed span', async () => {
    const exporter = new InMemorySpanExporter();
    await tracing?.shutdown();
    tracing = startTracing({ service: 'ingest', exporter });
    let own: string | undefined;
    await expect(
      inSpan('POST /webhooks/:sourceId', { kind: SpanKind.SERVER }, async (_span, headers) => {
        own = headers.traceparent;
        throw new Error('store away');
      }),
    ).rejects.toThrow('store away');
    expect(own).toMatch(TRACEPARENT);
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'store away' });
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('links a span to other traces without making it their child', async () => {
    const exporter = new InMemorySpanExporter();
    await tracing?.shutdown();
    tracing = startTracing({ service: 'replay', exporter });
    const headers = await inSpan(
      'replay hookline.deliveries.v1.replay',
      { kind: SpanKind.PRODUCER, links: [{ traceparent: PARENT }, { traceparent: 'garbage' }] },
      async (_span, own) => own,
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(headers.traceparent).not.toContain('0af7651916cd43dd8448eb211c80319c');
    expect(span?.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([
      ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'],
    ]);
  });

  it('exports spans to an OTLP/HTTP collector when an endpoint is set', async () => {
    const posts: { path: string; type: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        posts.push({ path: request.url ?? '', type: request.headers['content-type'] ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      await tracing?.shutdown();
      const { port } = collector.address() as AddressInfo;
      tracing = startTracing({ service: 'router', otlpEndpoint: `http://127.0.0.1:${port}` });
      await inSpan('process hookline.events.v1', { kind: SpanKind.CONSUMER }, async () => {});
      await tracing.flush();
      expect(posts.map((post) => post.path)).toEqual(['/v1/traces']);
      expect(posts[0]?.body).toContain('process hookline.events.v1');
      expect(posts[0]?.body).toContain('router');
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
