import { FailureHeaders, type RetryTier } from '@hookline/contracts';
import { errorMessage, errorName, TransientError } from '../errors.js';
import { headerText } from '../standard-headers.js';
import { type ConsumerPlan, type OutgoingRecord } from './consumer.types.js';

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export interface FailedRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: RawHeaders;
}

/** How many attempts a record has had before this one (0 on its first try). */
export function previousAttempts(headers: RawHeaders | undefined): number {
  const attempts = Number(headerText(headers, FailureHeaders.attempt) ?? 0);
  return Number.isInteger(attempts) && attempts > 0 ? attempts : 0;
}

/** Where a record first arrived: its original-* headers, or itself on a first failure. */
export function originOf(record: FailedRecord): {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
} {
  const originalTopic = headerText(record.headers, FailureHeaders.originalTopic);
  if (!originalTopic) {
    return {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
    };
  }
  return {
    topic: originalTopic,
    partition: Number(headerText(record.headers, FailureHeaders.originalPartition)),
    offset: headerText(record.headers, FailureHeaders.originalOffset) ?? '',
    timestamp: headerText(record.headers, FailureHeaders.originalTimestamp) ?? '',
  };
}

export type FailureDecision =
  | { kind: 'retry'; tier: string; record: OutgoingRecord }
  | { kind: 'dead-letter'; record: OutgoingRecord };

/**
 * Decides where a failed record goes next and builds it: same key and value bytes,
 * the record's own headers (trace context, tenant, correlation id) kept, failure
 * headers set. Permanent errors and exhausted tiers go to the dead-letter topic.
 *
 * `schedule`, when given, replaces the consumer's tiers for this record (see
 * `RecordContext.useRetrySchedule`): its n-th delay follows the n-th failure, carried
 * by the tier topic whose delay is the longest not above it (else the shortest).
 */
export function routeFailure(
  plan: ConsumerPlan<unknown>,
  record: FailedRecord,
  error: unknown,
  now: number,
  random: () => number = Math.random,
  schedule?: readonly RetryTier[],
): FailureDecision {
  const attempt = previousAttempts(record.headers) + 1;
  const origin = originOf(record);
  const nowIso = new Date(now).toISOString();
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first;
  }
  Object.assign(headers, {
    [FailureHeaders.originalTopic]: origin.topic,
    [FailureHeaders.originalPartition]: String(origin.partition),
    [FailureHeaders.originalOffset]: origin.offset,
    [FailureHeaders.originalTimestamp]: origin.timestamp,
    [FailureHeaders.attempt]: String(attempt),
    [FailureHeaders.errorClass]: errorName(error),
    [FailureHeaders.errorMessage]: truncate(errorMessage(error), 2_000),
    [FailureHeaders.errorStage]: plan.stage,
    [FailureHeaders.firstFailedAt]:
      headerText(record.headers, FailureHeaders.firstFailedAt) ?? nowIso,
    [FailureHeaders.lastFailedAt]: nowIso,
  });
  delete headers[FailureHeaders.retryDueAt];

  const next =
    plan.classify(error) === 'transient' ? nextRetry(plan, attempt, schedule) : undefined;
  if (!next) {
    return {
      kind: 'dead-letter',
      record: { topic: plan.deadLetterTopic, key: record.key, value: record.value, headers },
    };
  }
  const spread = 1 + plan.jitter * (2 * random() - 1);
  let dueAt = now + Math.round(next.delayMs * spread);
  if (error instanceof TransientError && error.notBefore !== undefined)
    dueAt = Math.max(dueAt, error.notBefore);
  headers[FailureHeaders.retryDueAt] = String(dueAt);
  return {
    kind: 'retry',
    tier: next.tier.label,
    record: { topic: next.topic, key: record.key, value: record.value, headers },
  };
}

/** The tier topic and delay after failed attempt `attempt`, or none when retries are used up. */
function nextRetry(
  plan: ConsumerPlan<unknown>,
  attempt: number,
  schedule: readonly RetryTier[] | undefined,
): { tier: RetryTier; topic: string; delayMs: number } | undefined {
  if (!schedule) {
    const tier = plan.tiers[attempt - 1];
    return tier && { ...tier, delayMs: tier.tier.delayMs };
  }
  const wanted = schedule[attempt - 1];
  if (!wanted || plan.tiers.length === 0) return undefined;
  const byDelay = [...plan.tiers].sort((a, b) => a.tier.delayMs - b.tier.delayMs);
  // The longest tier not above the wanted delay; the shortest when all are longer.
  const carrier = byDelay.findLast((tier) => tier.tier.delayMs <= wanted.delayMs) ?? byDelay[0]!;
  return { ...carrier, delayMs: wanted.delayMs };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
