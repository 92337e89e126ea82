import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DeliveriesContract,
  EventsContract,
  FailureHeaders,
  Headers,
  IngestedContract,
} from '@hookline/contracts';
import { type DeadLetterRecord } from '@hookline/kafka';
import { DeadLetterStore, type DeadLetterRow } from '@hookline/persistence';
import { TimelineWriter } from '@hookline/runtime';
import { deadLetterOrigin } from './dead-letter-origin.js';
import { deadLetterEntry, type DeadLetterKind } from './dead-letter-timeline.js';

/**
 * Reads every stage's dead-letter topic into `dead_letters`, so operators (API, console)
 * can find, filter and replay them. Idempotent per Kafka record; a database outage makes
 * the runtime deliver the record again rather than skip it. Each is also written to the
 * timeline of the raw webhook it came from, as `dead_lettered`.
 */
@Controller()
export class DeadLetterRecorder {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly timeline: TimelineWriter,
  ) {}

  @EventPattern(IngestedContract, { deadLetters: true })
  recordIngested(@Payload() record: DeadLetterRecord): Promise<void> {
    return this.record('ingested', record);
  }

  @EventPattern(EventsContract, { deadLetters: true })
  recordEvent(@Payload() record: DeadLetterRecord): Promise<void> {
    return this.record('event', record);
  }

  @EventPattern(DeliveriesContract, { deadLetters: true })
  recordDelivery(@Payload() record: DeadLetterRecord): Promise<void> {
    return this.record('delivery', record);
  }

  private async record(kind: DeadLetterKind, record: DeadLetterRecord): Promise<void> {
    const row = toRow(record);
    await this.store.record(row);
    const entry = this.timeline.enabled ? deadLetterEntry(kind, row) : undefined;
    if (entry) this.timeline.record(entry);
  }
}

/** Failure headers to columns; a record missing them (written by hand) is still kept. */
export function toRow(record: DeadLetterRecord): DeadLetterRow {
  const header = (name: string) => record.headers[name];
  const date = (name: string) => {
    const value = header(name);
    return value && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;
  };
  const originalTopic = header(FailureHeaders.originalTopic) ?? record.topic;
  const errorStage = header(FailureHeaders.errorStage) ?? 'unknown';
  return {
    ...deadLetterOrigin(originalTopic, record.key, record.value),
    stage: errorStage.split(':')[0] || 'unknown',
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    recordTimestamp: new Date(Number(record.timestamp)),
    tenantId: header(Headers.tenantId) ?? null,
    correlationId: header(Headers.correlationId) ?? null,
    key: record.key,
    value: record.value,
    headers: record.headers,
    originalTopic,
    originalPartition: Number(header(FailureHeaders.originalPartition) ?? record.partition),
    originalOffset: header(FailureHeaders.originalOffset) ?? record.offset,
    attempts: Number(header(FailureHeaders.attempt) ?? 0),
    errorClass: header(FailureHeaders.errorClass) ?? 'unknown',
    errorMessage: header(FailureHeaders.errorMessage) ?? '',
    errorStage,
    firstFailedAt: date(FailureHeaders.firstFailedAt),
    lastFailedAt: date(FailureHeaders.lastFailedAt),
  };
}
