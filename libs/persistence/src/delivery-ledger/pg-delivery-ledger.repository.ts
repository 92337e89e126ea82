import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DatabaseConnection } from '../database.connection.js';
import {
  type ClaimRequest,
  type ClaimResult,
  type DeliveryAttemptRow,
  type DeliveryLedgerRepository,
  type EffectKey,
  type ReleaseFailure,
} from './delivery-ledger.repository.js';

type Queryable = Pick<EntityManager, 'query'>;

interface LedgerRow {
  state: 'claimed' | 'released' | 'done';
  webhook_id: string;
  lease_until: Date | null;
  retry_not_before: Date | null;
  failures: number;
  force_id: string | null;
}

/** Whether a forced claim may take this done effect (not forced with the same id before). */
function forces(request: ClaimRequest, row: LedgerRow): boolean {
  return request.force && (request.forceId === undefined || row.force_id !== request.forceId);
}

/**
 * The ledger in PostgreSQL. A claim is one upsert that succeeds only when the row is
 * new, released, or claimed with an expired lease (or done, when forced); the
 * destination's in-flight limit, when it has one, is checked under a transaction-scoped
 * advisory lock per destination so that concurrent claims cannot both take the last slot.
 */
@Injectable()
export class PgDeliveryLedgerRepository implements DeliveryLedgerRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const dataSource = this.database.get();
    if (request.maxInFlight === undefined) return this.claimWith(dataSource.manager, request);
    return dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('hookline:destination:' || $1))`, [
        request.destinationId,
      ]);
      const [{ in_flight }] = (await manager.query(
        `SELECT count(*)::int AS in_flight FROM delivery_ledger
          WHERE destination_id = $1 AND state = 'claimed' AND lease_until > now()`,
        [request.destinationId],
      )) as [{ in_flight: number }];
      if (in_flight >= request.maxInFlight!) {
        const row = await this.row(manager, request);
        if (row?.state === 'done' && !forces(request, row)) return this.skip(manager, request, row);
        return { status: 'saturated', failures: row?.failures ?? 0 };
      }
      return this.claimWith(manager, request);
    });
  }

  private async claimWith(db: Queryable, request: ClaimRequest): Promise<ClaimResult> {
    const token = randomUUID();
    const claimed = (await db.query(
      `INSERT INTO delivery_ledger AS l
         (destination_id, idempotency_key, tenant_id, event_id, webhook_id, state, claim_token, lease_until, force_id)
       VALUES ($1, $2, $3, $4, $5, 'claimed', $6, now() + $7 * interval '1 millisecond', $9)
       ON CONFLICT (destination_id, idempotency_key) DO UPDATE
         SET state = 'claimed', claim_token = EXCLUDED.claim_token, lease_until = EXCLUDED.lease_until,
             claims = l.claims + 1, done_at = NULL, force_id = COALESCE(EXCLUDED.force_id, l.force_id),
             failures = CASE WHEN $10::boolean THEN 0 ELSE l.failures END,
             retry_not_before = CASE WHEN $10::boolean THEN NULL ELSE l.retry_not_before END
         WHERE (l.state = 'released'
                AND ($10::boolean OR l.retry_not_before IS NULL OR l.retry_not_before <= now()))
            OR (l.state = 'claimed' AND l.lease_until <= now())
            OR (l.state = 'done' AND $8::boolean AND ($9::text IS NULL OR l.force_id IS DISTINCT FROM $9))
       RETURNING webhook_id, claims, failures, last_error`,
      [
        request.destinationId,
        request.idempotencyKey,
        request.tenantId,
        request.eventId,
        request.deliveryId,
        token,
        request.leaseMs,
        request.force,
        request.force ? (request.forceId ?? null) : null,
        request.freshStart ?? false,
      ],
    )) as { webhook_id: string; claims: number; failures: number; last_error: string | null }[];
    const won = claimed[0];
    if (won)
      return {
        status: 'claimed',
        token,
        webhookId: won.webhook_id,
        claims: won.claims,
        failures: won.failures,
        lastError: won.last_error,
      };
    const row = await this.row(db, request);
    if (!row) return this.claimWith(db, request); // deleted meanwhile: claim afresh
    if (row.state === 'done') return this.skip(db, request, row);
    const until = row.state === 'released' ? row.retry_not_before : row.lease_until;
    return { status: 'busy', leaseUntil: until ?? new Date(), failures: row.failures };
  }

  private async row(db: Queryable, key: EffectKey): Promise<LedgerRow | undefined> {
    const rows = (await db.query(
      `SELECT state, webhook_id, lease_until, retry_not_before, failures, force_id FROM delivery_ledger
        WHERE destination_id = $1 AND idempotency_key = $2`,
      [key.destinationId, key.idempotencyKey],
    )) as LedgerRow[];
    return rows[0];
  }

  /** The effects among `keys` that are done (a replay checks before it sends). */
  async doneAmong(keys: readonly EffectKey[]): Promise<EffectKey[]> {
    if (keys.length === 0) return [];
    const rows = (await this.database.get().query(
      `SELECT destination_id, idempotency_key FROM delivery_ledger
        WHERE state = 'done'
          AND (destination_id, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((key) => key.destinationId), keys.map((key) => key.idempotencyKey)],
    )) as { destination_id: string; idempotency_key: string }[];
    return rows.map((row) => ({
      destinationId: row.destination_id,
      idempotencyKey: row.idempotency_key,
    }));
  }

  private async skip(db: Queryable, key: EffectKey, row: LedgerRow): Promise<ClaimResult> {
    await db.query(
      `UPDATE delivery_ledger SET skipped = skipped + 1
        WHERE destination_id = $1 AND idempotency_key = $2`,
      [key.destinationId, key.idempotencyKey],
    );
    return { status: 'done', webhookId: row.webhook_id, failures: row.failures };
  }

  async complete(key: EffectKey, _token: string): Promise<void> {
    // Done whoever holds the claim now: the effect happened, so no one may repeat it.
    await this.database.get().query(
      `UPDATE delivery_ledger SET state = 'done', done_at = now(), claim_token = NULL, lease_until = NULL
        WHERE destination_id = $1 AND idempotency_key = $2`,
      [key.destinationId, key.idempotencyKey],
    );
  }

  async release(key: EffectKey, token: string, failure?: ReleaseFailure): Promise<void> {
    await this.database.get().query(
      `UPDATE delivery_ledger
          SET state = 'released', claim_token = NULL, lease_until = NULL,
              failures = failures + CASE WHEN $4::boolean THEN 1 ELSE 0 END,
              last_error = COALESCE($5, last_error), retry_not_before = $6
        WHERE destination_id = $1 AND idempotency_key = $2 AND claim_token = $3 AND state = 'claimed'`,
      [
        key.destinationId,
        key.idempotencyKey,
        token,
        failure !== undefined,
        failure?.reason ?? null,
        failure?.retryNotBefore ?? null,
      ],
    );
  }

  async recordAttempt(row: DeliveryAttemptRow): Promise<void> {
    await this.database.get().query(
      `INSERT INTO delivery_attempts (tenant_id, event_id, destination_id, idempotency_key, delivery_id,
         webhook_id, attempt, outcome, status, duration_ms, error_class, reason, response_snippet, executor, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        row.tenantId,
        row.eventId,
        row.destinationId,
        row.idempotencyKey,
        row.deliveryId,
        row.webhookId,
        row.attempt,
        row.outcome,
        row.status,
        Math.round(row.durationMs),
        row.errorClass,
        row.reason,
        row.responseSnippet,
        row.executor,
        row.startedAt,
      ],
    );
  }

  async lastDelivered(destinationId: string, subject: string): Promise<Date | undefined> {
    const [row] = (await this.database
      .get()
      .query(
        `SELECT event_time FROM subject_positions WHERE destination_id = $1 AND subject = $2`,
        [destinationId, subject],
      )) as { event_time: Date }[];
    return row?.event_time;
  }

  async advance(
    destinationId: string,
    subject: string,
    time: Date,
    eventId: string,
  ): Promise<void> {
    await this.database.get().query(
      `INSERT INTO subject_positions AS p (destination_id, subject, event_time, event_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (destination_id, subject) DO UPDATE
         SET event_time = EXCLUDED.event_time, event_id = EXCLUDED.event_id
         WHERE p.event_time < EXCLUDED.event_time`,
      [destinationId, subject, time, eventId],
    );
  }

  async attemptsOf(tenantId: string, eventId: string): Promise<DeliveryAttemptRow[]> {
    const rows = (await this.database.get().query(
      `SELECT tenant_id, event_id, destination_id, idempotency_key, delivery_id, webhook_id, attempt, outcome,
              status, duration_ms, error_class, reason, response_snippet, executor, started_at
         FROM delivery_attempts WHERE tenant_id = $1 AND event_id = $2 ORDER BY started_at, id`,
      [tenantId, eventId],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      tenantId: row['tenant_id'] as string,
      eventId: row['event_id'] as string,
      destinationId: row['destination_id'] as string,
      idempotencyKey: row['idempotency_key'] as string,
      deliveryId: row['delivery_id'] as string,
      webhookId: row['webhook_id'] as string | null,
      attempt: row['attempt'] as number,
      outcome: row['outcome'] as string,
      status: row['status'] as number | null,
      durationMs: row['duration_ms'] as number,
      errorClass: row['error_class'] as string | null,
      reason: row['reason'] as string,
      responseSnippet: row['response_snippet'] as string | null,
      executor: row['executor'] as string,
      startedAt: row['started_at'] as Date,
    }));
  }
}
