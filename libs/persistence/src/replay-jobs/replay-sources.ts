import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import { type NewReplayItem } from './replay-job.js';

/** Which dead letters a replay takes (every field narrows; none given: all of them). */
export interface DeadLetterSelection {
  /** The tenants the caller may touch; `null`: every tenant. */
  tenants: readonly string[] | null;
  tenant?: string;
  /** The failed stage: `executor`, or in full `executor:hookline.deliveries.v1`. */
  stage?: string;
  errorClass?: string;
  /** A delivery's destination (deliveries are keyed `<destination>:<subject>`). */
  destination?: string;
  /** The dead-letter topic, or the topic the record failed on. */
  topic?: string;
  /** Last failure at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
  ids?: readonly string[];
}

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

  async deadLetters(selection: DeadLetterSelection): Promise<NewReplayItem[]> {
    const rows = (await this.database.get().query(
      `SELECT id::text, topic, partition, "offset"::text, tenant_id, error_class FROM dead_letters
        WHERE ($1::text[] IS NULL OR tenant_id = ANY($1::text[]))
          AND ($2::text IS NULL OR tenant_id = $2)
          AND ($3::text IS NULL OR error_stage = $3 OR split_part(error_stage, ':', 1) = $3)
          AND ($4::text IS NULL OR error_class = $4)
          AND ($5::text IS NULL OR starts_with(encode(record_key, 'escape'), $5 || ':'))
          AND ($6::text IS NULL OR topic = $6 OR original_topic = $6)
          AND ($7::timestamptz IS NULL OR COALESCE(last_failed_at, record_timestamp) >= $7)
          AND ($8::timestamptz IS NULL OR COALESCE(last_failed_at, record_timestamp) < $8)
          AND ($9::bigint[] IS NULL OR id = ANY($9::bigint[]))
        ORDER BY id`,
      [
        selection.tenants,
        selection.tenant ?? null,
        selection.stage ?? null,
        selection.errorClass ?? null,
        selection.destination ?? null,
        selection.topic ?? null,
        selection.from ?? null,
        selection.to ?? null,
        selection.ids ?? null,
      ],
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
