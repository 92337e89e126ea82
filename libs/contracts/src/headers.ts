/** Kafka record header names carried on every record. */
export const Headers = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  correlationId: 'hookline-correlation-id',
  tenantId: 'hookline-tenant-id',
} as const;

/**
 * Headers added when a record leaves its topic for a retry tier or the dead-letter
 * topic. The original-* headers are set on the first failure and kept unchanged
 * afterwards, so a dead letter always points at where the record first came from.
 */
export const FailureHeaders = {
  originalTopic: 'hookline-original-topic',
  originalPartition: 'hookline-original-partition',
  originalOffset: 'hookline-original-offset',
  /** The original record's timestamp, epoch milliseconds. */
  originalTimestamp: 'hookline-original-timestamp',
  /** Attempts made so far (1 after the first failure). */
  attempt: 'hookline-attempt',
  /** `TransientError`, `PermanentError`, `SchemaViolation`, `UndecodableRecord`, ... */
  errorClass: 'hookline-error-class',
  errorMessage: 'hookline-error-message',
  /** Which consumer failed, e.g. `executor:hookline.deliveries.v1`. */
  errorStage: 'hookline-error-stage',
  /** ISO-8601. */
  firstFailedAt: 'hookline-first-failed-at',
  lastFailedAt: 'hookline-last-failed-at',
  /** On retry-tier records only: epoch milliseconds before which the record must not be retried. */
  retryDueAt: 'hookline-retry-due-at',
} as const;

export type HeaderName =
  (typeof Headers)[keyof typeof Headers] | (typeof FailureHeaders)[keyof typeof FailureHeaders];
