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
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  TracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export { SpanKind, type Attributes, type Span } from '@opentelemetry/api';

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
   * OTLP/HTTP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`): spans are exported there in
   * batches. Without one, spans are still made (every event gets a trace id that its
   * records and outbound requests carry) but go nowhere.
   */
  otlpEndpoint?: string | undefined;
  /** Another exporter, handed every span as it ends (tests use an in-memory one). */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Exports what is buffered (at a service's shutdown; other services may share the process). */
  flush(): Promise<void>;
  /** Exports what is buffered and stops; spans made afterwards are not recorded. */
  shutdown(): Promise<void>;
}

const w3c = new W3CTraceContextPropagator();
const NOT_RECORDING = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
let installed: { provider: TracerProvider; tracing: Tracing } | undefined;

/** Exports the spans the installed SDK still buffers (none installed: nothing to do). */
export async function flushTracing(): Promise<void> {
  await installed?.tracing.flush();
}

/**
 * Installs the OpenTelemetry SDK for this process, once: a tracer provider named after
 * the service, W3C trace-context propagation and an async-local context manager.
 * A second call returns the first installation (several services may share a test
 * process).
 */
export function startTracing(options: TracingOptions): Tracing {
  if (installed) return installed.tracing;
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
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    spanProcessors: processors,
  });
  const contextManager = new AsyncLocalStorageContextManager();
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(w3c);
  trace.setGlobalTracerProvider(provider);
  const tracing: Tracing = {
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      installed = undefined;
    },
  };
  installed = { provider, tracing };
  return tracing;
}

export interface SpanOptions {
  kind: SpanKind;
  /** The caller's trace context (an incoming request's or record's headers). */
  parent?: IncomingTraceHeaders | undefined;
  /** Traces this span relates to without being their child (a replay links the original's). */
  links?: readonly IncomingTraceHeaders[];
  attributes?: Attributes;
}

/**
 * Runs `work` inside a new span, child of `parent` when it carries a valid trace
 * context, and hands it the span's own trace headers to pass on. An error ends the
 * span as failed and is thrown on. Without an installed SDK the span records nothing,
 * and the headers handed on are the parent's (the trace still flows through).
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
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
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
