import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import { type TenantScope } from '../event-timeline/event-timeline.repository.js';

/** The statuses an event listing shows: the latest state of the raw webhook's timeline. */
export const EVENT_STATUSES = [
  'received',
  'duplicate',
  'normalized',
  'drifted',
  'routed',
  'filtered',
  'unrouted',
  'delivered',
  'failed',
  'dead_lettered',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Every given filter must match. */
export interface EventSearchFilter {
  tenantIds: TenantScope;
  sourceId?: string;
  provider?: string;
  /** Canonical event type (as the normalizer's timeline entries name it). */
  type?: string;
  status?: EventStatus;
  /** Received at or after. */
  from?: Date;
  /** Received before. */
  to?: Date;
  providerEventId?: string;
  correlationId?: string;
}

/** One raw webhook and what is known of what came of it. */
export interface EventSummaryRow {
  rawEventId: string;
  tenantId: string;
  sourceId: string;
  provider: string;
  receivedAt: Date;
  correlationId: string;
  eventIds: string[];
  types: string[];
  providerEventIds: string[];
  status: EventStatus;
}

type Row = {
  id: string;
  tenant_id: string;
  source_id: string;
  provider: string;
  received_at: Date;
  correlation_id: string;
  event_ids: string[];
  types: string[];
  provider_event_ids: string[];
  status: EventStatus;
};

// States of a timeline that are steps, not an outcome an event rests in.
const STEP_STATES = ['attempt', 'skipped'];

/**
 * The status: the latest outcome on the timeline; without one, a dead letter that names
 * the raw webhook, else claimed events (normalized), else received.
 */
const STATUS = `coalesce(
  (SELECT t.state FROM event_timeline t
     WHERE t.raw_event_id = r.id AND t.tenant_id = r.tenant_id AND t.state <> ALL($1::text[])
     ORDER BY t.occurred_at DESC, t.id DESC LIMIT 1),
  CASE WHEN EXISTS (SELECT 1 FROM dead_letters d WHERE d.raw_event_id = r.id) THEN 'dead_lettered'
       WHEN EXISTS (SELECT 1 FROM event_claims c WHERE c.raw_event_id = r.id) THEN 'normalized'
       ELSE 'received' END)`;

/**
 * Finds raw webhooks (the raw store) by their own columns and by what the timeline, the
 * event claims and the dead letters say of them; newest first, in keyset pages.
 */
@Injectable()
export class EventSearchRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async search(
    filter: EventSearchFilter,
    page: { after?: { at: Date; id: string }; limit: number },
  ): Promise<EventSummaryRow[]> {
    const params: unknown[] = [STEP_STATES];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (filter.tenantIds !== '*')
      where.push(`r.tenant_id = ANY(${param(filter.tenantIds)}::text[])`);
    if (filter.sourceId) where.push(`r.source_id = ${param(filter.sourceId)}`);
    if (filter.provider) where.push(`r.provider = ${param(filter.provider)}`);
    if (filter.correlationId) where.push(`r.correlation_id = ${param(filter.correlationId)}`);
    if (filter.from) where.push(`r.received_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`r.received_at < ${param(filter.to)}`);
    if (filter.providerEventId)
      where.push(`EXISTS (SELECT 1 FROM event_timeline t WHERE t.raw_event_id = r.id
        AND t.tenant_id = r.tenant_id AND t.provider_event_id = ${param(filter.providerEventId)})`);
    if (filter.type)
      where.push(`EXISTS (SELECT 1 FROM event_timeline t WHERE t.raw_event_id = r.id
        AND t.tenant_id = r.tenant_id AND t.detail->>'type' = ${param(filter.type)})`);
    if (page.after)
      where.push(`(r.received_at, r.id) < (${param(page.after.at)}, ${param(page.after.id)})`);
    const statusFilter = filter.status ? `WHERE status = ${param(filter.status)}` : '';
    const rows: Row[] = await this.database.get().query(
      `SELECT * FROM (
         SELECT r.id, r.tenant_id, r.source_id, r.provider, r.received_at, r.correlation_id,
           ARRAY(SELECT DISTINCT e FROM (
               SELECT c.event_id AS e FROM event_claims c WHERE c.raw_event_id = r.id
               UNION SELECT t.event_id FROM event_timeline t
                 WHERE t.raw_event_id = r.id AND t.tenant_id = r.tenant_id AND t.event_id IS NOT NULL
             ) ids ORDER BY e) AS event_ids,
           ARRAY(SELECT DISTINCT t.detail->>'type' FROM event_timeline t
             WHERE t.raw_event_id = r.id AND t.tenant_id = r.tenant_id AND t.detail ? 'type'
             ORDER BY 1) AS types,
           ARRAY(SELECT DISTINCT t.provider_event_id FROM event_timeline t
             WHERE t.raw_event_id = r.id AND t.tenant_id = r.tenant_id AND t.provider_event_id IS NOT NULL
             ORDER BY 1) AS provider_event_ids,
           ${STATUS} AS status
         FROM raw_webhooks r
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY r.received_at DESC, r.id DESC
       ) found ${statusFilter}
       ORDER BY received_at DESC, id DESC LIMIT ${param(page.limit)}`,
      params,
    );
    return rows.map((row) => ({
      rawEventId: row.id,
      tenantId: row.tenant_id,
      sourceId: row.source_id,
      provider: row.provider,
      receivedAt: row.received_at,
      correlationId: row.correlation_id,
      eventIds: row.event_ids,
      types: row.types,
      providerEventIds: row.provider_event_ids,
      status: row.status,
    }));
  }

  /** The ids of the events claimed for a raw webhook (the normalizer's idempotency claims). */
  async claimedEventIds(rawEventId: string): Promise<string[]> {
    const rows: { event_id: string }[] = await this.database
      .get()
      .query(`SELECT event_id FROM event_claims WHERE raw_event_id = $1 ORDER BY event_id`, [
        rawEventId,
      ]);
    return rows.map((row) => row.event_id);
  }
}
