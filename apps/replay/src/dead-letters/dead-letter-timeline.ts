import { DeliveryTask, IntegrationEvent, RawWebhookEnvelope } from '@hookline/contracts';
import {
  type DeadLetterRow,
  TIMELINE_STAGES,
  type TimelineEntryInput,
  type TimelineStage,
} from '@hookline/persistence';
import { eventEntry, occurredAt } from '@hookline/runtime';

/** Which stage's input a dead letter is: how to read the ids in its value. */
export type DeadLetterKind = 'ingested' | 'event' | 'delivery';

/**
 * The `dead_lettered` entry of a dead letter, in the timeline of the raw webhook it came
 * from; undefined when its value names none (a poison pill that is not even JSON).
 * `stage` is the stage that gave up (from the failure headers), and it happened just
 * after that stage's last failure, so it reads back after what that stage wrote.
 */
export function deadLetterEntry(
  kind: DeadLetterKind,
  row: DeadLetterRow,
): TimelineEntryInput | undefined {
  const value = parse(row.value);
  const failedAt = row.lastFailedAt ?? row.recordTimestamp;
  const transition = {
    stage: stageOf(row.errorStage),
    state: 'dead_lettered',
    occurredAt: occurredAt(failedAt, failedAt.getTime()),
    correlationId: row.correlationId ?? undefined,
    detail: {
      reason: row.errorMessage,
      errorClass: row.errorClass,
      attempts: row.attempts,
      topic: row.topic,
      partition: row.partition,
      offset: row.offset,
    },
  } as const;
  if (kind === 'ingested') {
    const envelope = RawWebhookEnvelope.safeParse(value);
    if (!envelope.success) return undefined;
    return {
      rawEventId: envelope.data.rawEventId,
      tenantId: envelope.data.tenantId,
      sourceId: envelope.data.sourceId,
      provider: envelope.data.provider,
      ...transition,
      correlationId: transition.correlationId ?? null,
    };
  }
  if (kind === 'event') {
    const event = IntegrationEvent.safeParse(value);
    return event.success ? eventEntry(event.data, transition) : undefined;
  }
  const task = DeliveryTask.safeParse(value);
  return task.success
    ? eventEntry(task.data.event, { ...transition, destinationId: task.data.destinationId })
    : undefined;
}

function parse(value: Buffer | null): unknown {
  try {
    return value ? (JSON.parse(value.toString('utf8')) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** `normalizer:hookline.ingested.v1` → `normalizer`. */
function stageOf(errorStage: string): TimelineStage {
  const service = errorStage.split(':')[0];
  return (TIMELINE_STAGES as readonly string[]).includes(service ?? '')
    ? (service as TimelineStage)
    : 'replay';
}
