import { Headers } from '@hookline/contracts';

/** Headers every record carries (see docs/kafka.md). */
export interface StandardHeaders {
  correlationId: string;
  tenantId: string;
  traceparent?: string;
  tracestate?: string;
}

export function encodeStandardHeaders(headers: StandardHeaders): Record<string, string> {
  const encoded: Record<string, string> = {
    [Headers.correlationId]: headers.correlationId,
    [Headers.tenantId]: headers.tenantId,
  };
  if (headers.traceparent) encoded[Headers.traceparent] = headers.traceparent;
  if (headers.tracestate) encoded[Headers.tracestate] = headers.tracestate;
  return encoded;
}

export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Reads one header as a string (the first value when repeated). */
export function headerText(headers: RawHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export function decodeStandardHeaders(headers: RawHeaders | undefined): Partial<StandardHeaders> {
  return {
    correlationId: headerText(headers, Headers.correlationId),
    tenantId: headerText(headers, Headers.tenantId),
    traceparent: headerText(headers, Headers.traceparent),
    tracestate: headerText(headers, Headers.tracestate),
  };
}
