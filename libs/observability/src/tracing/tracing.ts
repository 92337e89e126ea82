import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  type SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Instrumentation } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  envDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';

/** W3C trace context as it travels in HTTP and Kafka headers: only the headers present. */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** Trace context as read from a request or record, where a header may be missing. */
export interface IncomingTraceHeaders {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

export interface TracingOptions {
  /** `service.name` of every span. */
  service: string;
  /**
   * OTLP/HTTP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`): spans are exported to
   * `<endpoint>/v1/traces` in batches.
   */
  otlpEndpoint?: string | undefined;
  /** Another exporter, handed every span as it ends (tests use an in-memory one). */
  exporter?: SpanExporter;
  /** Instrumentations of libraries (HTTP, PostgreSQL, …); none by default. */
  instrumentations?: Instrumentation[];
}

export interface Tracing {
  /** Exports what is buffered (at a service's shutdown; other services may share the process). */
  flush(): Promise<void>;
  /** Exports what is buffered and stops; spans made afterwards are not recorded. */
  shutdown(): Promise<void>;
}

const w3c = new W3CTraceContextPropagator();

const NOT_RECORDING = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
let installed: Tracing | undefined;

/** Whether an OpenTelemetry SDK is installed in this process (spans are recorded). */
export function isTracing(): boolean {
  return installed !== undefined;
}

/** Exports the spans the installed SDK still buffers (none installed: nothing to do). */
export async function flushTracing(): Promise<void> {
  await installed?.flush();
}

/**
 * Installs the OpenTelemetry Node SDK for this process, once: a tracer provider named
 * after the service, W3C trace-context propagation, an async-local context manager and
 * the given instrumentations. A second call returns the first installation (several
 * services may share a test process). Services start it through `startTelemetry`, which
 * decides from the environment whether to; tests call this directly.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (installed) return installed;
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    processors.push(
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          url: new URL('v1/traces', withSlash(options.otlpEndpoint)).href,
        }),
      }),
    );
  }
  if (options.exporter) processors.push(new SimpleSpanProcessor({ exporter: options.exporter }));
  // The SDK installs no tracer provider without a processor; an in-process test may
  // want spans (and their ids in log lines) with nowhere to send them.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  // Every part named, so nothing is taken from OTEL_* variables Hookline does not offer
  // (the SDK would otherwise add an OTLP exporter to localhost, metrics and logs).
  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    ),
    // Detectors whose attributes are known at once: the host detector's machine id
    // comes later, and every span would wait for it before it is exported.
    resourceDetectors: [envDetector, processDetector, osDetector, serviceInstanceIdDetector],
    spanProcessors: processors,
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: w3c,
    instrumentations: options.instrumentations ?? [],
  });
  sdk.start();
  const tracing: Tracing = {
    flush: async () => {
      await Promise.all(processors.map((processor) => processor.forceFlush()));
    },
    shutdown: async () => {
      if (installed === tracing) installed = undefined;
      await sdk.shutdown();
      for (const instrumentation of options.instrumentations ?? []) instrumentation.disable();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  installed = tracing;
  return tracing;
}

export interface SpanOptions {
  kind: SpanKind;
  /** The caller's trace context (an incoming request's or record's headers); none: a new trace. */
  parent?: IncomingTraceHeaders | undefined;
  /** Traces this span relates to without being their child (a replay links the original's). */
  links?: readonly IncomingTraceHeaders[];
  attributes?: Attributes;
}

/**
 * Runs `work` inside a new span, child of `parent` when it carries a valid trace
 * context, and hands it the span's own trace headers to pass on. The span is the active
 * one while `work` runs, so instrumented libraries (PostgreSQL, outbound HTTP) make
 * their spans its children. An error ends the span as failed and is thrown on. Without
 * an installed SDK the span records nothing, and the headers handed on are the
 * parent's (the trace still flows through).
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span, headers: TraceHeaders) => Promise<T>,
): Promise<T> {
  // No SDK: nothing would be recorded, so skip the span machinery (a few µs per record
  // on a consumer's hot path) and hand the caller's context on as it came.
  if (!installed) return work(NOT_RECORDING, present(options.parent ?? {}));
  const parent = options.parent
    ? w3c.extract(ROOT_CONTEXT, options.parent, defaultTextMapGetter)
    : ROOT_CONTEXT;
  const tracer = trace.getTracer('hookline');
  const links = (options.links ?? []).flatMap((link) => {
    const linked = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, link, defaultTextMapGetter));
    return linked ? [{ context: linked }] : [];
  });
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(links.length > 0 ? { links } : {}),
    },
    parent,
    async (span) => {
      const headers: Record<string, string> = {};
      w3c.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
      try {
        return await work(span, present(headers));
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks a span failed by `error` (its class as `error.type`), without ending it. */
export function markFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * The trace context to hand on from where the code runs: the active span's (an
 * instrumented HTTP request's server span, say) when an SDK records one, else
 * `fallback` as it came (an incoming request's own headers), so the trace flows
 * through a service that records nothing.
 */
export function currentTraceHeaders(fallback: IncomingTraceHeaders = {}): TraceHeaders {
  const active = trace.getActiveSpan();
  if (!installed || !active || !trace.isSpanContextValid(active.spanContext()))
    return present(fallback);
  const headers: Record<string, string> = {};
  w3c.inject(context.active(), headers, defaultTextMapSetter);
  return present(headers);
}

/**
 * Tells the HTTP instrumentation which route the active request took, so that its
 * server span is named `POST /webhooks/:sourceId` and carries `http.route` (what a
 * framework instrumentation would tell it).
 */
export function setHttpRoute(route: string | undefined): void {
  if (!installed || !route) return;
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = route;
}

/** Adds attributes to the active span (an instrumented request's server span), if any. */
export function annotateActiveSpan(attributes: Attributes): void {
  if (installed) trace.getActiveSpan()?.setAttributes(attributes);
}

function present(headers: IncomingTraceHeaders): TraceHeaders {
  return {
    ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    ...(headers.tracestate ? { tracestate: headers.tracestate } : {}),
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
