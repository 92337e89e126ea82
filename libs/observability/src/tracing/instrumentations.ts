import { type IncomingMessage } from 'node:http';
import { type Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation, type UndiciRequest } from '@opentelemetry/instrumentation-undici';

/** Probes and scrapes: every few seconds on every service, and no webhook's business. */
const UNTRACED_PATHS = /^\/(health\/|metrics(\?|$))/;

const TRACE_HEADERS = new Set(['traceparent', 'tracestate']);

/** The modules the instrumentations below patch, for the ES module loader hook. */
export const HOOKED_MODULES = ['http', 'https', 'node:http', 'node:https', 'pg', 'pg-pool'];

/**
 * The libraries whose work shows in a webhook's trace (see docs/tracing.md):
 * - `http`: a server span per request to ingest (and the operator API), named after its
 *   route; health probes and metric scrapes are left out;
 * - `undici`: a client span per outbound request (the executor's deliveries, which go
 *   through undici's `Agent`), carrying `traceparent` to the destination;
 * - `pg`: a span per query made while handling a request or a record (queries of
 *   background loops without a span around them are left out).
 */
export function hooklineInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) =>
        UNTRACED_PATHS.test(request.url ?? ''),
      requireParentforOutgoingSpans: true,
    }),
    new UndiciInstrumentation({
      requireParentforSpans: true,
      // A delivery sets its own traceparent (the attempt's span, for when nothing is
      // recorded); undici appends headers, so drop it before the client span's is added.
      requestHook: (_span, request) => dropTraceHeaders(request),
    }),
    new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
  ];
}

function dropTraceHeaders(request: UndiciRequest): void {
  if (!Array.isArray(request.headers)) return;
  for (let index = request.headers.length - 2; index >= 0; index -= 2) {
    const name = request.headers[index];
    if (typeof name === 'string' && TRACE_HEADERS.has(name.toLowerCase()))
      request.headers.splice(index, 2);
  }
}
