/** Kafka record header names carried on every record. */
export const Headers = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  correlationId: 'hookline-correlation-id',
  tenantId: 'hookline-tenant-id',
} as const;

/**
 * Protocol-binding headers: `content-type` on every `hookline.events.v1` record (its
 * retry tiers, dead letters and replays keep it), naming the CloudEvents JSON event
 * format of the structured content mode.
 */
export const BindingHeaders = {
  contentType: 'content-type',
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

/**
 * Headers on a replayed record: which replay job sent it and which record it replays
 * (for a dead letter: the dead-letter record itself; its own original-* failure headers
 * are dropped so the replayed record starts its retries afresh).
 */
export const ReplayHeaders = {
  jobId: 'hookline-replay-job-id',
  sourceTopic: 'hookline-replay-source-topic',
  sourcePartition: 'hookline-replay-source-partition',
  sourceOffset: 'hookline-replay-source-offset',
  /**
   * On a forced replay: the force id (`<job>:<item>`). The executor delivers even when
   * its ledger says the effect happened, once per force id.
   */
  force: 'hookline-replay-force',
} as const;

export type HeaderName =
  | (typeof Headers)[keyof typeof Headers]
  | (typeof BindingHeaders)[keyof typeof BindingHeaders]
  | (typeof FailureHeaders)[keyof typeof FailureHeaders]
  | (typeof ReplayHeaders)[keyof typeof ReplayHeaders];
