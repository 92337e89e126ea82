/** Kafka record header names carried on every record. */
export const Headers = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  correlationId: 'hookline-correlation-id',
  tenantId: 'hookline-tenant-id',
} as const;

export type HeaderName = (typeof Headers)[keyof typeof Headers];
