import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type IntegrationEvent } from '@hookline/contracts';
import {
  DELIVERY_LEDGER,
  type DeliveryAttemptRow,
  type DeliveryLedgerRepository,
  EVENT_TIMELINE_REPOSITORY,
  type EventTimelineRepository,
  EventSearchRepository,
  RawWebhookStore,
  type RawWebhook,
  type TimelineEntry,
} from '@hookline/persistence';
import { normalizeWebhook } from '@hookline/providers';
import { BodyRedactor } from '../../redaction/body-redactor.service.js';
import { type GetEventCommand } from './get-event.command.js';

export interface EventStory {
  raw: {
    id: string;
    tenantId: string;
    sourceId: string;
    provider: string;
    receivedAt: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    contentType: string;
    body: string;
    correlationId: string;
  };
  events: IntegrationEvent[];
  timeline: (Omit<TimelineEntry, 'occurredAt' | 'recordedAt'> & {
    occurredAt: string;
    recordedAt: string;
  })[];
  attempts: (Omit<DeliveryAttemptRow, 'startedAt'> & { startedAt: string })[];
}

@Injectable()
export class GetEvent {
  constructor(
    private readonly raw: RawWebhookStore,
    private readonly search: EventSearchRepository,
    private readonly redactor: BodyRedactor,
    @Inject(EVENT_TIMELINE_REPOSITORY) private readonly timeline: EventTimelineRepository,
    @Inject(DELIVERY_LEDGER) private readonly ledger: DeliveryLedgerRepository,
  ) {}

  /** 404 alike for none and for a raw webhook of another tenant. */
  async execute(command: GetEventCommand): Promise<EventStory> {
    const { principal, rawEventId } = command;
    const webhook = await this.raw.find(rawEventId);
    if (!webhook || !principal.canSee(webhook.tenantId))
      throw new NotFoundException(`no event "${rawEventId}"`);
    const [timeline, claimed] = await Promise.all([
      this.timeline.forRawEvent(rawEventId, [webhook.tenantId]),
      this.search.claimedEventIds(rawEventId),
    ]);
    const events = this.eventsOf(webhook);
    const eventIds = new Set([
      ...claimed,
      ...events.map((event) => event.id),
      ...timeline.flatMap((entry) => entry.eventId ?? []),
    ]);
    const attempts = (
      await Promise.all([...eventIds].map((id) => this.ledger.attemptsOf(webhook.tenantId, id)))
    )
      .flat()
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    return {
      raw: {
        id: webhook.id,
        tenantId: webhook.tenantId,
        sourceId: webhook.sourceId,
        provider: webhook.provider,
        receivedAt: webhook.receivedAt.toISOString(),
        method: webhook.method,
        path: webhook.path,
        headers: webhook.headers,
        contentType: webhook.contentType,
        body: this.redactor.body(
          webhook.sourceId,
          webhook.provider,
          webhook.contentType,
          webhook.body,
        ),
        correlationId: webhook.correlationId,
      },
      events,
      timeline: timeline.map((entry) => ({
        ...entry,
        occurredAt: entry.occurredAt.toISOString(),
        recordedAt: entry.recordedAt.toISOString(),
      })),
      attempts: attempts.map((attempt) => ({
        ...attempt,
        startedAt: attempt.startedAt.toISOString(),
      })),
    };
  }

  /** The canonical events as the normalizer makes them from this raw webhook (deterministic), redacted. */
  private eventsOf(webhook: RawWebhook): IntegrationEvent[] {
    const { events } = normalizeWebhook(
      {
        rawEventId: webhook.id,
        tenantId: webhook.tenantId,
        sourceId: webhook.sourceId,
        provider: webhook.provider,
        receivedAt: webhook.receivedAt.toISOString(),
        dedupKey: webhook.dedupKey,
        headers: webhook.headers,
        contentType: webhook.contentType,
        body: { base64: '' },
      },
      webhook.body,
    );
    const paths = this.redactor.pathsFor(webhook.sourceId, webhook.provider);
    return events.map(({ event }) => ({ ...event, data: this.redactor.value(paths, event.data) }));
  }
}
