import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import {
  type DeadLetterFilter,
  deadLetterWhere,
} from '../dead-letters/dead-letter-search.repository.js';
import { type NewReplayItem } from './replay-job.js';

export interface RawWebhookSelection {
  tenants: readonly string[] | null;
  sourceId: string;
  /** Received at or after `from`, before `to`. */
  from: Date;
  to: Date;
}

/** A recorded dead letter's bytes, as the replay sends them. */
export interface DeadLetterBytes {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * What replays read from the stores: the records a selection names (one row per item,
 * oldest first) and, batch by batch, the bytes to send.
 */
@Injectable()
export class ReplaySources {
  constructor(private readonly database: DatabaseConnection) {}

  /** The dead letters a filter selects (as the operator API filters them), oldest first. */
  async deadLetters(filter: DeadLetterFilter): Promise<NewReplayItem[]> {
    const where = deadLetterWhere(filter);
    const rows = (await this.database.get().query(
      `SELECT id::text, topic, partition, "offset"::text, tenant_id, error_class FROM dead_letters
        ${where.sql()} ORDER BY id`,
      where.params,
    )) as {
      id: string;
      topic: string;
      partition: number;
      offset: string;
      tenant_id: string | null;
      error_class: string;
    }[];
    return rows.map((row) => ({
      topic: row.topic,
      partition: row.partition,
      offset: row.offset,
      ref: row.id,
      tenantId: row.tenant_id,
      reason: row.error_class,
    }));
  }

  async deadLetterBytes(ids: readonly string[]): Promise<Map<string, DeadLetterBytes>> {
    const rows = (await this.database
      .get()
      .query(
        `SELECT id::text, record_key, record_value, headers FROM dead_letters WHERE id = ANY($1::bigint[])`,
        [ids],
      )) as {
      id: string;
      record_key: Buffer | null;
      record_value: Buffer | null;
      headers: Record<string, string>;
    }[];
    return new Map(
      rows.map((row) => [
        row.id,
        { key: row.record_key, value: row.record_value, headers: row.headers },
      ]),
    );
  }

  /** Marks dead letters replayed (the API's `replayedAt`). */
  async markDeadLettersReplayed(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database
      .get()
      .query(`UPDATE dead_letters SET replayed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async rawWebhooks(selection: RawWebhookSelection): Promise<NewReplayItem[]> {
    const rows = (await this.database.get().query(
      `SELECT id, tenant_id, provider FROM raw_webhooks
        WHERE source_id = $1 AND received_at >= $2 AND received_at < $3
          AND ($4::text[] IS NULL OR tenant_id = ANY($4::text[]))
        ORDER BY received_at, id`,
      [selection.sourceId, selection.from, selection.to, selection.tenants],
    )) as { id: string; tenant_id: string; provider: string }[];
    return rows.map((row) => ({
      topic: '',
      partition: -1,
      offset: '-1',
      ref: row.id,
      tenantId: row.tenant_id,
      reason: row.provider,
    }));
  }
}
