/** The stages that write the timeline. */
export const TIMELINE_STAGES = ['ingest', 'normalizer', 'router', 'executor', 'replay'] as const;
export type TimelineStage = (typeof TIMELINE_STAGES)[number];

/**
 * The states a raw webhook and what came of it pass through. `attempt` is one request to
 * a destination (its outcome in `detail`); the others are transitions of the raw event,
 * an event or a delivery. docs/timeline.md says who writes which, and what `detail` holds.
 */
export const TIMELINE_STATES = [
  'received',
  'duplicate',
  'normalized',
  'drifted',
  'routed',
  'filtered',
  'unrouted',
  'attempt',
  'delivered',
  'failed',
  'skipped',
  'dead_lettered',
] as const;
export type TimelineState = (typeof TIMELINE_STATES)[number];

/** One state transition as a stage reports it. */
export interface TimelineEntryInput {
  rawEventId: string;
  tenantId: string;
  sourceId?: string | null;
  provider?: string | null;
  eventId?: string | null;
  providerEventId?: string | null;
  correlationId?: string | null;
  destinationId?: string | null;
  stage: TimelineStage;
  state: TimelineState;
  detail?: Record<string, unknown>;
  /** The stage's clock at the transition. */
  occurredAt: Date;
}

/** One row of `event_timeline` as read back. */
export interface TimelineEntry {
  id: string;
  rawEventId: string;
  tenantId: string;
  sourceId: string | null;
  provider: string | null;
  eventId: string | null;
  providerEventId: string | null;
  correlationId: string | null;
  destinationId: string | null;
  stage: TimelineStage;
  state: TimelineState;
  detail: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
}

/** Which tenants a reader may see: a list of ids or every tenant. */
export type TenantScope = readonly string[] | '*';

/** Finds raw events by what their timeline says. Every given filter must match. */
export interface TimelineQuery {
  tenantIds: TenantScope;
  providerEventId?: string;
  correlationId?: string;
  eventId?: string;
  /** Raw events with an entry at or after this instant. */
  from?: Date;
  /** Raw events with an entry before this instant. */
  to?: Date;
  /** At most this many ids (1..1000, default 50), most recently active first. */
  limit?: number;
}

/**
 * The event timeline in PostgreSQL. `append` writes a batch in one statement;
 * `forRawEvent` answers the entries of one raw event in the order they happened
 * (`occurred_at`, then `id`); `deleteOccurredBefore` trims by age in bounded steps.
 */
export interface EventTimelineRepository {
  append(entries: readonly TimelineEntryInput[]): Promise<void>;
  forRawEvent(rawEventId: string, tenantIds?: TenantScope): Promise<TimelineEntry[]>;
  findRawEventIds(query: TimelineQuery): Promise<string[]>;
  /**
   * The latest state of each raw event given (absent: no entry, or a tenant out of scope).
   * `attempt` entries and ingest's `duplicate` (a resend dropped, filed under the raw
   * event it repeats) do not count.
   */
  latestStates(
    rawEventIds: readonly string[],
    tenantIds?: TenantScope,
  ): Promise<Map<string, TimelineState>>;
  /** Deletes at most `limit` entries that occurred before `cutoff`; answers how many. */
  deleteOccurredBefore(cutoff: Date, limit: number): Promise<number>;
}

/** Nest injection token of the EventTimelineRepository. */
export const EVENT_TIMELINE_REPOSITORY = Symbol('EventTimelineRepository');
