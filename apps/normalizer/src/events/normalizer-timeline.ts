import { type IntegrationEvent, type RawWebhookEnvelope } from '@hookline/contracts';
import { type PayloadDriftError } from '@hookline/providers';
import { eventEntry, type TimelineWriter } from '@hookline/runtime';

/** What became of one raw webhook in the normalizer. */
export interface NormalizerOutcome {
  events: readonly { event: IntegrationEvent; mapped: boolean }[];
  duplicates: readonly { event: IntegrationEvent }[];
  drifted: readonly PayloadDriftError[];
}

/** The normalizer's timeline entries: `normalized`, `duplicate` and `drifted`. */
export class NormalizerTimeline {
  constructor(private readonly writer: TimelineWriter) {}

  record(
    envelope: RawWebhookEnvelope,
    at: Date,
    correlationId: string,
    outcome: NormalizerOutcome,
  ): void {
    if (!this.writer.enabled) return;
    const transition = { stage: 'normalizer', occurredAt: at, correlationId } as const;
    this.writer.record(
      ...outcome.events.map(({ event, mapped }) =>
        eventEntry(event, {
          ...transition,
          state: 'normalized',
          detail: { type: event.type, subject: event.subject, mapped },
        }),
      ),
      ...outcome.duplicates.map(({ event }) =>
        eventEntry(event, {
          ...transition,
          state: 'duplicate',
          detail: {
            reason: 'another raw webhook already carried this event',
            idempotencyKey: event.idempotencykey,
            type: event.type,
          },
        }),
      ),
      ...outcome.drifted.map((drift) => ({
        rawEventId: envelope.rawEventId,
        tenantId: envelope.tenantId,
        sourceId: envelope.sourceId,
        provider: envelope.provider,
        ...transition,
        state: 'drifted' as const,
        detail: {
          provider: drift.provider,
          providerType: drift.providerType,
          path: drift.path,
          problem: drift.problem,
        },
      })),
    );
  }
}
