import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DatabaseConnection } from '../database.connection.js';
import {
  type NewReplayJob,
  type ReplayJobQuery,
  type ReplayJobRepository,
} from './replay-job.repository.js';
import {
  REPLAY_JOB_STATES,
  type NewReplayItem,
  type ReplayItem,
  type ReplayItemResult,
  type ReplayJob,
  type ReplayJobState,
  type ReplayPreview,
} from './replay-job.js';

/** Items inserted per statement (unnest of arrays): 100 000 records in a few round trips. */
const INSERT_CHUNK = 5_000;

const COUNT_COLUMN = {
  sent: 'sent',
  skipped: 'skipped',
  'already-delivered': 'already_delivered',
  failed: 'failed',
} as const;

@Injectable()
export class PgReplayJobRepository implements ReplayJobRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async create(job: NewReplayJob, items: readonly NewReplayItem[]): Promise<ReplayJob> {
    const skipped = items.filter((item) => item.skippedBecause !== undefined).length;
    return this.database.get().transaction(async (manager) => {
      const [row] = (await manager.query(
        `INSERT INTO replay_jobs (id, kind, state, request, tenant_scope, created_by, rate, force, total, skipped)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          job.id,
          job.kind,
          job.state,
          JSON.stringify(job.request),
          job.tenantScope,
          job.createdBy,
          job.rate,
          job.force,
          items.length,
          skipped,
        ],
      )) as JobRow[];
      for (let start = 0; start < items.length; start += INSERT_CHUNK)
        await insertItems(manager, job.id, items.slice(start, start + INSERT_CHUNK), start);
      return toJob(row!);
    });
  }

  async find(id: string): Promise<ReplayJob | undefined> {
    const rows = (await this.database
      .get()
      .query(`SELECT * FROM replay_jobs WHERE id = $1`, [id])) as JobRow[];
    return rows[0] && toJob(rows[0]);
  }

  async list(query: ReplayJobQuery): Promise<ReplayJob[]> {
    const rows = (await this.database.get().query(
      `SELECT * FROM replay_jobs
        WHERE ($1::text[] IS NULL OR (tenant_scope IS NOT NULL AND tenant_scope <@ $1::text[]))
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::text))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [query.visibleTo, query.before?.createdAt ?? null, query.before?.id ?? null, query.limit],
    )) as JobRow[];
    return rows.map(toJob);
  }

  async preview(id: string, sampleSize: number): Promise<ReplayPreview> {
    const db = this.database.get();
    const groups = (await db.query(
      `SELECT reason AS key, count(*)::int AS count FROM replay_job_items
        WHERE job_id = $1 AND outcome = 'pending' GROUP BY reason ORDER BY count DESC, reason`,
      [id],
    )) as { key: string; count: number }[];
    const sample = (await db.query(
      `SELECT * FROM replay_job_items WHERE job_id = $1 AND outcome = 'pending' ORDER BY seq LIMIT $2`,
      [id, sampleSize],
    )) as ItemRow[];
    return {
      total: groups.reduce((sum, group) => sum + group.count, 0),
      byReason: groups,
      sample: sample.map(toItem),
    };
  }

  async start(id: string): Promise<ReplayJob | undefined> {
    return this.transition(id, `state = 'pending'`, `state = 'dry-run'`);
  }

  async cancel(id: string): Promise<ReplayJob | undefined> {
    return this.transition(
      id,
      `state = 'cancelled', finished_at = now(), lease_owner = NULL, lease_until = NULL`,
      `state IN ('dry-run', 'pending', 'running')`,
    );
  }

  async claimNext(owner: string, leaseMs: number): Promise<ReplayJob | undefined> {
    const rows = (await this.database.get().query(
      `UPDATE replay_jobs SET state = 'running', lease_owner = $1,
              lease_until = now() + $2 * interval '1 millisecond', started_at = COALESCE(started_at, now())
        WHERE id = (SELECT id FROM replay_jobs
                     WHERE state = 'pending' OR (state = 'running' AND lease_until < now())
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [owner, leaseMs],
    )) as [JobRow[], number];
    const row = rows[0]?.[0];
    return row && toJob(row);
  }

  async renewLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const [, count] = (await this.database.get().query(
      `UPDATE replay_jobs SET lease_until = now() + $3 * interval '1 millisecond'
        WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
      [id, owner, leaseMs],
    )) as [unknown, number];
    return count === 1;
  }

  async pendingItems(id: string, limit: number): Promise<ReplayItem[]> {
    const rows = (await this.database
      .get()
      .query(
        `SELECT * FROM replay_job_items WHERE job_id = $1 AND outcome = 'pending' ORDER BY seq LIMIT $2`,
        [id, limit],
      )) as ItemRow[];
    return rows.map(toItem);
  }

  async recordOutcomes(
    id: string,
    owner: string,
    results: readonly ReplayItemResult[],
  ): Promise<boolean> {
    return this.database.get().transaction(async (manager) => {
      const fenced = (await manager.query(
        `SELECT 1 FROM replay_jobs WHERE id = $1 AND lease_owner = $2 AND state = 'running' FOR UPDATE`,
        [id, owner],
      )) as unknown[];
      if (fenced.length === 0) return false;
      const [changed] = (await manager.query(
        `UPDATE replay_job_items i SET outcome = r.outcome, detail = r.detail
           FROM unnest($2::int[], $3::text[], $4::text[]) AS r(seq, outcome, detail)
          WHERE i.job_id = $1 AND i.seq = r.seq AND i.outcome = 'pending'
          RETURNING r.outcome`,
        [
          id,
          results.map((result) => result.seq),
          results.map((result) => result.outcome),
          results.map((result) => result.detail ?? null),
        ],
      )) as [{ outcome: ReplayItemResult['outcome'] }[], number];
      const counts = { sent: 0, skipped: 0, already_delivered: 0, failed: 0 };
      for (const row of changed) counts[COUNT_COLUMN[row.outcome]]++;
      await manager.query(
        `UPDATE replay_jobs SET sent = sent + $2, skipped = skipped + $3,
                already_delivered = already_delivered + $4, failed = failed + $5
          WHERE id = $1`,
        [id, counts.sent, counts.skipped, counts.already_delivered, counts.failed],
      );
      return true;
    });
  }

  async finish(
    id: string,
    owner: string,
    state: 'completed' | 'failed',
    error?: string,
  ): Promise<void> {
    await this.database.get().query(
      `UPDATE replay_jobs SET state = $3, error = $4, finished_at = now(), lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
      [id, owner, state, error ?? null],
    );
  }

  async countByState(): Promise<Record<ReplayJobState, number>> {
    const rows = (await this.database
      .get()
      .query(`SELECT state, count(*)::int AS n FROM replay_jobs GROUP BY state`)) as {
      state: ReplayJobState;
      n: number;
    }[];
    const counts = Object.fromEntries(REPLAY_JOB_STATES.map((state) => [state, 0])) as Record<
      ReplayJobState,
      number
    >;
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  private async transition(id: string, set: string, when: string): Promise<ReplayJob | undefined> {
    const rows = (await this.database
      .get()
      .query(`UPDATE replay_jobs SET ${set} WHERE id = $1 AND ${when} RETURNING *`, [id])) as [
      JobRow[],
      number,
    ];
    const row = rows[0]?.[0];
    return row && toJob(row);
  }
}

async function insertItems(
  manager: Pick<EntityManager, 'query'>,
  jobId: string,
  items: readonly NewReplayItem[],
  firstSeq: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO replay_job_items (job_id, seq, topic, partition, "offset", ref, tenant_id, reason,
       record_key, record_value, headers, outcome, detail)
     SELECT $1, firstSeq + ord, topic, partition, "offset", ref, tenant_id, reason, record_key, record_value,
            headers, CASE WHEN skipped IS NULL THEN 'pending' ELSE 'skipped' END, skipped
       FROM (SELECT $2::int AS firstSeq) s,
            unnest($3::text[], $4::int[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bytea[],
                   $10::bytea[], $11::jsonb[], $12::text[])
              WITH ORDINALITY AS u(topic, partition, "offset", ref, tenant_id, reason, record_key,
                                   record_value, headers, skipped, ord)`,
    [
      jobId,
      firstSeq,
      items.map((item) => item.topic),
      items.map((item) => item.partition),
      items.map((item) => item.offset),
      items.map((item) => item.ref),
      items.map((item) => item.tenantId),
      items.map((item) => item.reason),
      items.map((item) => item.key ?? null),
      items.map((item) => item.value ?? null),
      items.map((item) => (item.headers ? JSON.stringify(item.headers) : null)),
      items.map((item) => item.skippedBecause ?? null),
    ],
  );
}

interface JobRow {
  id: string;
  kind: ReplayJob['kind'];
  state: ReplayJobState;
  request: Record<string, unknown>;
  tenant_scope: string[] | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  rate: number;
  force: boolean;
  total: number;
  sent: number;
  skipped: number;
  already_delivered: number;
  failed: number;
  error: string | null;
}

interface ItemRow {
  seq: number;
  topic: string;
  partition: number;
  offset: string;
  ref: string | null;
  tenant_id: string | null;
  reason: string;
  record_key: Buffer | null;
  record_value: Buffer | null;
  headers: Record<string, string> | null;
  outcome: ReplayItem['outcome'];
  detail: string | null;
}

function toJob(row: JobRow): ReplayJob {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    request: row.request,
    tenantScope: row.tenant_scope,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rate: row.rate,
    force: row.force,
    total: row.total,
    sent: row.sent,
    skipped: row.skipped,
    alreadyDelivered: row.already_delivered,
    failed: row.failed,
    error: row.error,
  };
}

function toItem(row: ItemRow): ReplayItem {
  return {
    seq: row.seq,
    topic: row.topic,
    partition: row.partition,
    offset: String(row.offset),
    ref: row.ref,
    tenantId: row.tenant_id,
    reason: row.reason,
    key: row.record_key,
    value: row.record_value,
    ...(row.headers ? { headers: row.headers } : {}),
    outcome: row.outcome,
    detail: row.detail,
  };
}
