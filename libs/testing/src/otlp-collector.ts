import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carries it, with its service's name. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** When it started, in ms since the epoch (µs precision). */
  startMs: number;
  /** OTLP's numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  links: { traceId: string; spanId: string }[];
}

export const OtlpSpanKind = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

export interface OtlpCollector {
  /** The base URL to give as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string;
  /** Every span received so far, in arrival order. */
  spans: CollectedSpan[];
  /** Export requests received (each answered 200), and their bytes. */
  requests: number;
  bytes: number;
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano?: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
  links?: { traceId: string; spanId: string }[];
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/**
 * A stand-in OpenTelemetry collector on 127.0.0.1: accepts OTLP/HTTP JSON exports at
 * `/v1/traces` (what `@opentelemetry/exporter-trace-otlp-http` sends), answers 200 and
 * keeps the spans, so a test can follow traces made by services in other processes.
 * `keepSpans: false` only counts what arrives (a benchmark's dummy endpoint).
 */
export async function startOtlpCollector({ keepSpans = true } = {}): Promise<OtlpCollector> {
  const collector: OtlpCollector = {
    endpoint: '',
    spans: [],
    requests: 0,
    bytes: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      collector.requests += 1;
      collector.bytes += chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      const json = request.headers['content-type'] === 'application/json';
      if (keepSpans && request.url === '/v1/traces' && json)
        collector.spans.push(
          ...spansOf(JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport),
        );
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return collector;
}

function spansOf(body: OtlpExport): CollectedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        startMs: Number(BigInt(span.startTimeUnixNano ?? 0) / 1_000n) / 1_000,
        kind: span.kind,
        attributes: attributesOf(span.attributes),
        statusCode: span.status?.code ?? 0,
        links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
      })),
    );
  });
}

function attributesOf(attributes: OtlpAttribute[] = []): Record<string, string | number | boolean> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
        value.doubleValue ??
        value.boolValue ??
        '',
    ]),
  );
}
