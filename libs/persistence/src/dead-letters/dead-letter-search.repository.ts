import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import { type TenantScope } from '../event-timeline/event-timeline.repository.js';

/** What operators filter dead letters by; every given filter must match. */
export interface DeadLetterFilter {
  tenantIds: TenantScope;
  stage?: string;
  errorClass?: string;
  destinationId?: string;
  /** Matches the dead-letter topic or the original topic. */
  topics?: readonly string[];
  /** Failed at or after (the last failure, else the record's time). */
  from?: Date;
  /** Failed before. */
  to?: Date;
  ids?: readonly string[];
}

export const DEAD_LETTER_GROUPINGS = ['reason', 'stage', 'destination'] as const;
export type DeadLetterGrouping = (typeof DEAD_LETTER_GROUPINGS)[number];

/** One dead letter as operators see it. */
export interface DeadLetterRecord {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  tenantId: string | null;
  correlationId: string | null;
  stage: string;
  errorStage: string;
  errorClass: string;
  errorMessage: string;
  destinationId: string | null;
  rawEventId: string | null;
  eventId: string | null;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  attempts: number;
  firstFailedAt: Date | null;
  lastFailedAt: Date | null;
  failedAt: Date;
  recordedAt: Date;
  replayedAt: Date | null;
}

type Row = {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  record_key: Buffer | null;
  record_value: Buffer | null;
  headers: Record<string, string>;
  tenant_id: string | null;
  correlation_id: string | null;
  stage: string | null;
  error_stage: string;
  error_class: string;
  error_message: string;
  destination_id: string | null;
  raw_event_id: string | null;
  event_id: string | null;
  original_topic: string;
  original_partition: number;
  original_offset: string;
  attempts: number;
  first_failed_at: Date | null;
  last_failed_at: Date | null;
  failed_at: Date;
  recorded_at: Date;
  replayed_at: Date | null;
};

const GROUP_COLUMN: Record<DeadLetterGrouping, string> = {
  reason: 'error_class',
  stage: 'stage',
  destination: 'destination_id',
};

/** Reads `dead_letters` for operators: filtered, newest failure first, in keyset pages. */
@Injectable()
export class DeadLetterSearchRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async search(
    filter: DeadLetterFilter,
    page: { after?: { at: Date; id: string }; limit: number },
  ): Promise<DeadLetterRecord[]> {
    const where = whereOf(filter);
    if (page.after)
      where.add(
        `(failed_at, id) < (${where.param(page.after.at)}, ${where.param(page.after.id)}::bigint)`,
      );
    const rows: Row[] = await this.database.get().query(
      `SELECT * FROM dead_letters ${where.sql()} ORDER BY failed_at DESC, id DESC
        LIMIT ${where.param(page.limit)}`,
      where.params,
    );
    return rows.map(toRecord);
  }

  /** Undefined when there is none, or it is of a tenant outside the scope. */
  async find(id: string, tenantIds: TenantScope): Promise<DeadLetterRecord | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [record] = await this.search({ tenantIds, ids: [id] }, { limit: 1 });
    return record;
  }

  async summarize(
    by: DeadLetterGrouping,
    filter: DeadLetterFilter,
  ): Promise<{ key: string | null; count: number }[]> {
    const where = whereOf(filter);
    const column = GROUP_COLUMN[by];
    const rows: { key: string | null; count: number }[] = await this.database.get().query(
      `SELECT ${column} AS key, count(*)::int AS count FROM dead_letters ${where.sql()}
        GROUP BY ${column} ORDER BY count DESC, key`,
      where.params,
    );
    return rows;
  }
}

function whereOf(filter: DeadLetterFilter) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const add = (clause: string) => clauses.push(clause);
  if (filter.tenantIds !== '*') add(`tenant_id = ANY(${param(filter.tenantIds)}::text[])`);
  if (filter.stage) add(`stage = ${param(filter.stage)}`);
  if (filter.errorClass) add(`error_class = ${param(filter.errorClass)}`);
  if (filter.destinationId) add(`destination_id = ${param(filter.destinationId)}`);
  if (filter.topics) {
    const topics = param(filter.topics);
    add(`(topic = ANY(${topics}::text[]) OR original_topic = ANY(${topics}::text[]))`);
  }
  if (filter.from) add(`failed_at >= ${param(filter.from)}`);
  if (filter.to) add(`failed_at < ${param(filter.to)}`);
  if (filter.ids) add(`id = ANY(${param(filter.ids)}::bigint[])`);
  return {
    params,
    param,
    add,
    sql: () => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''),
  };
}

function toRecord(row: Row): DeadLetterRecord {
  return {
    id: String(row.id),
    topic: row.topic,
    partition: row.partition,
    offset: String(row.offset),
    key: row.record_key,
    value: row.record_value,
    headers: row.headers,
    tenantId: row.tenant_id,
    correlationId: row.correlation_id,
    stage: row.stage ?? row.error_stage.split(':')[0] ?? 'unknown',
    errorStage: row.error_stage,
    errorClass: row.error_class,
    errorMessage: row.error_message,
    destinationId: row.destination_id,
    rawEventId: row.raw_event_id,
    eventId: row.event_id,
    originalTopic: row.original_topic,
    originalPartition: row.original_partition,
    originalOffset: String(row.original_offset),
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    failedAt: row.failed_at,
    recordedAt: row.recorded_at,
    replayedAt: row.replayed_at,
  };
}
