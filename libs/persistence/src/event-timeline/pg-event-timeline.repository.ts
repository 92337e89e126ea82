import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import {
  type EventTimelineRepository,
  type TenantScope,
  type TimelineEntry,
  type TimelineEntryInput,
  type TimelineQuery,
  type TimelineStage,
  type TimelineState,
} from './event-timeline.repository.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1_000;

interface TimelineRow {
  id: string;
  raw_event_id: string;
  tenant_id: string;
  source_id: string | null;
  provider: string | null;
  event_id: string | null;
  provider_event_id: string | null;
  correlation_id: string | null;
  destination_id: string | null;
  stage: string;
  state: string;
  detail: Record<string, unknown>;
  occurred_at: Date;
  recorded_at: Date;
}

/** `event_timeline` in PostgreSQL. */
@Injectable()
export class PgEventTimelineRepository implements EventTimelineRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async append(entries: readonly TimelineEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    // One pass over the entries fills the twelve columns.
    const columns: (string | null)[][] = Array.from(
      { length: 12 },
      () => new Array(entries.length),
    );
    entries.forEach((entry, index) => {
      columns[0]![index] = entry.rawEventId;
      columns[1]![index] = entry.tenantId;
      columns[2]![index] = entry.sourceId ?? null;
      columns[3]![index] = entry.provider ?? null;
      columns[4]![index] = entry.eventId ?? null;
      columns[5]![index] = entry.providerEventId ?? null;
      columns[6]![index] = entry.correlationId ?? null;
      columns[7]![index] = entry.destinationId ?? null;
      columns[8]![index] = entry.stage;
      columns[9]![index] = entry.state;
      columns[10]![index] = entry.detail ? JSON.stringify(entry.detail) : '{}';
      columns[11]![index] = entry.occurredAt.toISOString();
    });
    // One statement per batch; ORDINALITY keeps the ids in the order the entries came.
    await this.database.prepared(
      'hookline_append_timeline',
      `INSERT INTO event_timeline (raw_event_id, tenant_id, source_id, provider, event_id, provider_event_id,
         correlation_id, destination_id, stage, state, detail, occurred_at)
       SELECT raw_event_id, tenant_id, source_id, provider, event_id, provider_event_id, correlation_id,
              destination_id, stage, state, detail, occurred_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::timestamptz[])
           WITH ORDINALITY AS t(raw_event_id, tenant_id, source_id, provider, event_id, provider_event_id,
                                correlation_id, destination_id, stage, state, detail, occurred_at, position)
        ORDER BY position`,
      columns,
    );
  }

  async forRawEvent(rawEventId: string, tenantIds: TenantScope = '*'): Promise<TimelineEntry[]> {
    const rows = (await this.database.get().query(
      `SELECT * FROM event_timeline
        WHERE raw_event_id = $1 AND ($2::text[] IS NULL OR tenant_id = ANY($2))
        ORDER BY occurred_at, id`,
      [rawEventId, scopeParameter(tenantIds)],
    )) as TimelineRow[];
    return rows.map(toEntry);
  }

  async findRawEventIds(query: TimelineQuery): Promise<string[]> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`);
    const rows = (await this.database.get().query(
      `SELECT raw_event_id FROM event_timeline
        WHERE ($1::text[] IS NULL OR tenant_id = ANY($1))
          AND ($2::text IS NULL OR provider_event_id = $2)
          AND ($3::text IS NULL OR correlation_id = $3)
          AND ($4::text IS NULL OR event_id = $4)
          AND ($5::timestamptz IS NULL OR occurred_at >= $5)
          AND ($6::timestamptz IS NULL OR occurred_at < $6)
        GROUP BY raw_event_id
        ORDER BY max(occurred_at) DESC, raw_event_id
        LIMIT $7`,
      [
        scopeParameter(query.tenantIds),
        query.providerEventId ?? null,
        query.correlationId ?? null,
        query.eventId ?? null,
        query.from ?? null,
        query.to ?? null,
        limit,
      ],
    )) as { raw_event_id: string }[];
    return rows.map((row) => row.raw_event_id);
  }

  async latestStates(
    rawEventIds: readonly string[],
    tenantIds: TenantScope = '*',
  ): Promise<Map<string, TimelineState>> {
    if (rawEventIds.length === 0) return new Map();
    // An attempt is a detail of a delivery (its outcome follows it), and a resend dropped
    // at ingest is news about the resend: neither is the raw event's state.
    const rows = (await this.database.get().query(
      `SELECT DISTINCT ON (raw_event_id) raw_event_id, state FROM event_timeline
        WHERE raw_event_id = ANY($1) AND state <> 'attempt'
          AND NOT (stage = 'ingest' AND state = 'duplicate')
          AND ($2::text[] IS NULL OR tenant_id = ANY($2))
        ORDER BY raw_event_id, occurred_at DESC, id DESC`,
      [rawEventIds, scopeParameter(tenantIds)],
    )) as { raw_event_id: string; state: TimelineState }[];
    return new Map(rows.map((row) => [row.raw_event_id, row.state]));
  }

  async deleteOccurredBefore(cutoff: Date, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const [, count] = (await this.database.get().query(
      `DELETE FROM event_timeline WHERE id IN (
         SELECT id FROM event_timeline WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2)`,
      [cutoff, limit],
    )) as [unknown, number];
    return count;
  }
}

/** `null` stands for every tenant. */
function scopeParameter(tenantIds: TenantScope): string[] | null {
  return tenantIds === '*' ? null : [...tenantIds];
}

function toEntry(row: TimelineRow): TimelineEntry {
  return {
    id: String(row.id),
    rawEventId: row.raw_event_id,
    tenantId: row.tenant_id,
    sourceId: row.source_id,
    provider: row.provider,
    eventId: row.event_id,
    providerEventId: row.provider_event_id,
    correlationId: row.correlation_id,
    destinationId: row.destination_id,
    stage: row.stage as TimelineStage,
    state: row.state as TimelineState,
    detail: row.detail,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}
