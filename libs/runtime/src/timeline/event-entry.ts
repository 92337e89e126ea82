import { type IntegrationEvent } from '@hookline/contracts';
import {
  type TimelineEntryInput,
  type TimelineStage,
  type TimelineState,
} from '@hookline/persistence';

/** A timeline entry about a canonical event: its ids come from the event itself. */
export function eventEntry(
  event: IntegrationEvent,
  transition: {
    stage: TimelineStage;
    state: TimelineState;
    occurredAt: Date;
    correlationId?: string | undefined;
    destinationId?: string;
    detail?: Record<string, unknown>;
  },
): TimelineEntryInput {
  return {
    rawEventId: event.raweventid,
    tenantId: event.tenantid,
    sourceId: sourceIdOf(event),
    provider: event.provider,
    eventId: event.id,
    providerEventId: event.providereventid,
    correlationId: transition.correlationId ?? null,
    destinationId: transition.destinationId ?? null,
    stage: transition.stage,
    state: transition.state,
    detail: transition.detail ?? {},
    occurredAt: transition.occurredAt,
  };
}

/** The normalizer names the source in the event's `source`: `hookline://<tenant>/sources/<id>`. */
function sourceIdOf(event: IntegrationEvent): string | null {
  const match = /^hookline:\/\/[^/]+\/sources\/([^/]+)$/.exec(event.source);
  return match?.[1] ?? null;
}
