import { type DeadLetterRecord } from '@hookline/persistence';
import { z } from 'zod';

export const DeadLetterSummaryView = z.object({
  id: z.string(),
  topic: z.string(),
  partition: z.number(),
  offset: z.string(),
  key: z.string().nullable(),
  tenantId: z.string().nullable(),
  stage: z.string(),
  errorStage: z.string(),
  errorClass: z.string(),
  errorMessage: z.string(),
  destinationId: z.string().nullable(),
  rawEventId: z.string().nullable(),
  eventId: z.string().nullable(),
  correlationId: z.string().nullable(),
  originalTopic: z.string(),
  originalPartition: z.number(),
  originalOffset: z.string(),
  attempts: z.number(),
  firstFailedAt: z.string().nullable(),
  lastFailedAt: z.string().nullable(),
  recordedAt: z.string(),
  replayedAt: z.string().nullable(),
});
export type DeadLetterSummary = z.infer<typeof DeadLetterSummaryView>;

export const DeadLetterView = DeadLetterSummaryView.extend({
  headers: z.record(z.string(), z.string()),
  /** The record's value as UTF-8 text (a value that is not UTF-8 is shown as base64, see encoding). */
  value: z.string().nullable(),
  valueEncoding: z.enum(['utf8', 'base64']),
});
export type DeadLetter = z.infer<typeof DeadLetterView>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toDeadLetterSummary(record: DeadLetterRecord): DeadLetterSummary {
  return {
    id: record.id,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key?.toString('utf8') ?? null,
    tenantId: record.tenantId,
    stage: record.stage,
    errorStage: record.errorStage,
    errorClass: record.errorClass,
    errorMessage: record.errorMessage,
    destinationId: record.destinationId,
    rawEventId: record.rawEventId,
    eventId: record.eventId,
    correlationId: record.correlationId,
    originalTopic: record.originalTopic,
    originalPartition: record.originalPartition,
    originalOffset: record.originalOffset,
    attempts: record.attempts,
    firstFailedAt: iso(record.firstFailedAt),
    lastFailedAt: iso(record.lastFailedAt),
    recordedAt: record.recordedAt.toISOString(),
    replayedAt: iso(record.replayedAt),
  };
}

export function toDeadLetter(record: DeadLetterRecord): DeadLetter {
  const utf8 = record.value && new TextDecoder('utf-8', { fatal: true });
  let value: string | null = null;
  let valueEncoding: 'utf8' | 'base64' = 'utf8';
  if (record.value && utf8) {
    try {
      value = utf8.decode(record.value);
    } catch {
      value = record.value.toString('base64');
      valueEncoding = 'base64';
    }
  }
  return { ...toDeadLetterSummary(record), headers: record.headers, value, valueEncoding };
}
