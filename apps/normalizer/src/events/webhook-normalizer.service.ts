import { Inject, Injectable } from '@nestjs/common';
import {
  EventsContract,
  type IntegrationEvent,
  type RawWebhookEnvelope,
} from '@hookline/contracts';
import {
  KafkaConnection,
  PermanentError,
  type RecordContext,
  TransientError,
} from '@hookline/kafka';
import {
  EVENT_CLAIM_REPOSITORY,
  type EventClaimRepository,
  RawWebhookStore,
} from '@hookline/persistence';
import { occurredAt, TimelineWriter } from '@hookline/runtime';
import { WebhookHydration } from '../hydration/webhook-hydration.service.js';
import { normalizeWebhook } from './event-normalizer.js';
import { NormalizerMetrics } from './normalizer-metrics.js';
import { PayloadDrift } from './payload-drift.js';
import { NormalizerTimeline } from './normalizer-timeline.js';

/**
 * One raw webhook → its canonical events on `hookline.events.v1`. The events that map are
 * published even when a neighbour in the same batch drifted; the drift then dead-letters
 * the raw webhook (a replay republishes the good events under the same ids and keys).
 * Before publishing, each event claims its idempotency key in PostgreSQL: an event
 * another raw webhook already claimed (the provider resent it under a new delivery id)
 * is dropped and counted. Each outcome is written to the event timeline.
 */
@Injectable()
export class WebhookNormalizer {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly rawStore: RawWebhookStore,
    private readonly metrics: NormalizerMetrics,
    @Inject(EVENT_CLAIM_REPOSITORY) private readonly claims: EventClaimRepository,
    timeline: TimelineWriter,
    private readonly hydration: WebhookHydration,
  ) {
    this.timeline = new NormalizerTimeline(timeline);
  }

  private readonly timeline: NormalizerTimeline;

  async normalize(envelope: RawWebhookEnvelope, context: RecordContext): Promise<void> {
    // Thin payloads (a source with `hydrate`) are filled in from the provider's API first.
    const body = await this.hydration.hydrate(envelope, await this.bodyOf(envelope));
    const normalized = normalizeWebhook(envelope, body);
    const { drifted } = normalized;
    const { claimed: events, duplicates } = await this.claimed(envelope, normalized.events);
    const correlationId = context.headers.correlationId ?? envelope.rawEventId;
    const headers = {
      correlationId,
      tenantId: envelope.tenantId,
      ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
    };
    // The transition's time is taken before the events are sent: each record's timestamp,
    // from which the router dates its own entry, must not be earlier than it (the send
    // waits for the producer's linger and the broker's answer).
    const at = occurredAt(context.timestamp);
    await Promise.all(
      events.map(({ event }) => this.kafka.producer.publish(EventsContract, event, headers)),
    );
    for (const { event, mapped } of events) {
      this.metrics.countNormalized(envelope.provider, event.type, mapped);
    }
    for (const drift of drifted) this.metrics.countDrifted(drift.provider, drift.providerType);
    this.timeline.record(envelope, at, correlationId, { events, duplicates, drifted });
    if (drifted.length > 0) throw new PayloadDrift(drifted);
  }

  /** The events whose idempotency key is this raw webhook's; the others are counted duplicates. */
  private async claimed<E extends { event: IntegrationEvent }>(
    envelope: RawWebhookEnvelope,
    events: E[],
  ): Promise<{ claimed: E[]; duplicates: E[] }> {
    const answers = await this.claims
      .claim(
        events.map(({ event }) => ({
          tenantId: event.tenantid,
          idempotencyKey: event.idempotencykey,
          eventId: event.id,
          rawEventId: event.raweventid,
        })),
      )
      .catch((error: unknown) => {
        throw new TransientError(
          `idempotency store unavailable: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    const duplicates = events.filter((_event, index) => answers[index] === 'duplicate');
    if (duplicates.length > 0) this.metrics.countDuplicates(envelope.provider, duplicates.length);
    return { claimed: events.filter((_event, index) => answers[index] === 'claimed'), duplicates };
  }

  /** The body inline, or fetched from the raw store for a claim check. */
  private async bodyOf(envelope: RawWebhookEnvelope): Promise<Buffer> {
    if ('base64' in envelope.body) return Buffer.from(envelope.body.base64, 'base64');
    const { rawEventId } = envelope.body.claimCheck;
    const stored = await this.rawStore.find(rawEventId).catch((error: unknown) => {
      throw new TransientError(
        `raw store unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (!stored) throw new PermanentError(`claim check ${rawEventId} names no stored webhook`);
    return stored.body;
  }
}
