import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type pg from 'pg';
import { distinctRounds, MicroBatcher } from '../batching/micro-batcher.js';
import { DatabaseConnection } from '../database.connection.js';
import {
  type ClaimRequest,
  type ClaimResult,
  type DeliveryAttemptRow,
  type DeliveryLedgerRepository,
  type EffectKey,
  type ReleaseFailure,
} from './delivery-ledger.repository.js';

/** The pool, or one connection of it holding a transaction. */
type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

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

/** How the ledger coalesces the statements of deliveries handled at once. */
export interface LedgerBatching {
  /** Most calls in one statement. */
  maxBatch: number;
  /** How long a call waits for others to join its statement (0: the end of the loop's turn). */
  windowMs: number;
}

export const LEDGER_BATCHING = Symbol('LedgerBatching');

/**
 * No timed window: a call waits only for the end of the loop's turn, so a lone delivery
 * pays no delay, while the deliveries a busy turn handles (several answers read at once,
 * a consumed batch's lanes starting) share each statement. Measured with the executor's
 * benchmark, a 1 ms window coalesced no more at saturation and made a lone delivery's
 * three statements take about three times as long.
 */
export const DEFAULT_LEDGER_BATCHING: LedgerBatching = { maxBatch: 64, windowMs: 0 };

const keyOf = (key: EffectKey) => `${key.destinationId}\u0000${key.idempotencyKey}`;

interface Release {
  key: EffectKey;
  token: string;
  failure: ReleaseFailure | undefined;
}

/** A claim on its way: the request and the token its upsert sets. */
interface PendingClaim {
  request: ClaimRequest;
  token: string;
}

/**
 * The rows named by `$1` (destination ids) and `$2` (idempotency keys), locked in key
 * order: every statement that writes several ledger rows takes their locks in the same
 * order, so two of them (two executors, two batches) can wait for each other but never
 * deadlock.
 */
const LOCKED_IN_KEY_ORDER = `
  locked AS MATERIALIZED (
    SELECT l.destination_id, l.idempotency_key FROM delivery_ledger l
     WHERE (l.destination_id, l.idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
     ORDER BY l.destination_id, l.idempotency_key
       FOR UPDATE)`;

/**
 * One claim per row of `r`; the same upsert as a single claim, its per-claim flags read
 * from `r` by the claim's token (each row's `EXCLUDED.claim_token`). Rows go in key order.
 */
const CLAIM_MANY = `
  WITH r AS MATERIALIZED (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::float8[], $8::boolean[], $9::text[], $10::boolean[])
      AS r(destination_id, idempotency_key, tenant_id, event_id, webhook_id, claim_token,
           lease_ms, force, force_id, fresh_start))
  INSERT INTO delivery_ledger AS l
    (destination_id, idempotency_key, tenant_id, event_id, webhook_id, state, claim_token, lease_until, force_id)
  SELECT destination_id, idempotency_key, tenant_id, event_id, webhook_id, 'claimed', claim_token,
         now() + lease_ms * interval '1 millisecond', force_id
    FROM r ORDER BY destination_id, idempotency_key
  ON CONFLICT (destination_id, idempotency_key) DO UPDATE
    SET state = 'claimed', claim_token = EXCLUDED.claim_token, lease_until = EXCLUDED.lease_until,
        claims = l.claims + 1, done_at = NULL, force_id = COALESCE(EXCLUDED.force_id, l.force_id),
        failures = CASE WHEN (SELECT fresh_start FROM r WHERE r.claim_token = EXCLUDED.claim_token)
                        THEN 0 ELSE l.failures END,
        retry_not_before = CASE WHEN (SELECT fresh_start FROM r WHERE r.claim_token = EXCLUDED.claim_token)
                                THEN NULL ELSE l.retry_not_before END
    WHERE (l.state = 'released'
           AND ((SELECT fresh_start FROM r WHERE r.claim_token = EXCLUDED.claim_token)
                OR l.retry_not_before IS NULL OR l.retry_not_before <= now()))
       OR (l.state = 'claimed' AND l.lease_until <= now())
       OR (l.state = 'done' AND (SELECT force FROM r WHERE r.claim_token = EXCLUDED.claim_token)
           AND (EXCLUDED.force_id IS NULL OR l.force_id IS DISTINCT FROM EXCLUDED.force_id))
  RETURNING claim_token, webhook_id, claims, failures, last_error`;

/** Held until the transaction ends: one destination's claims under its limit, one at a time. */
const LOCK_DESTINATION = `SELECT pg_advisory_xact_lock(hashtext('hookline:destination:' || $1))`;

const IN_FLIGHT = `
  SELECT count(*)::int AS in_flight FROM delivery_ledger
   WHERE destination_id = $1 AND state = 'claimed' AND lease_until > now()`;

const ROWS_OF = `
  SELECT destination_id, idempotency_key, state, webhook_id, lease_until, retry_not_before, failures, force_id
    FROM delivery_ledger
   WHERE (destination_id, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

const SKIP_MANY = `
  WITH ${LOCKED_IN_KEY_ORDER}
  UPDATE delivery_ledger l SET skipped = l.skipped + 1
    FROM locked k
   WHERE l.destination_id = k.destination_id AND l.idempotency_key = k.idempotency_key`;

// Done whoever holds the claim now: the effect happened, so no one may repeat it.
const COMPLETE_MANY = `
  WITH ${LOCKED_IN_KEY_ORDER}
  UPDATE delivery_ledger l
     SET state = 'done', done_at = now(), claim_token = NULL, lease_until = NULL
    FROM locked k
   WHERE l.destination_id = k.destination_id AND l.idempotency_key = k.idempotency_key`;

const RELEASE_MANY = `
  WITH ${LOCKED_IN_KEY_ORDER},
  r AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::timestamptz[])
          AS r(destination_id, idempotency_key, token, failed, reason, retry_not_before))
  UPDATE delivery_ledger l
     SET state = 'released', claim_token = NULL, lease_until = NULL,
         failures = l.failures + CASE WHEN r.failed THEN 1 ELSE 0 END,
         last_error = COALESCE(r.reason, l.last_error), retry_not_before = r.retry_not_before
    FROM locked k, r
   WHERE l.destination_id = k.destination_id AND l.idempotency_key = k.idempotency_key
     AND r.destination_id = k.destination_id AND r.idempotency_key = k.idempotency_key
     AND l.claim_token = r.token AND l.state = 'claimed'`;

const RECORD_ATTEMPTS = `
  INSERT INTO delivery_attempts (tenant_id, event_id, destination_id, idempotency_key, delivery_id,
    webhook_id, attempt, outcome, status, duration_ms, error_class, reason, response_snippet, executor, started_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
                       $8::text[], $9::int[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[],
                       $15::timestamptz[])`;

/**
 * The ledger in PostgreSQL. A claim is one upsert that succeeds only when the row is
 * new, released, or claimed with an expired lease (or done, when forced); the
 * destination's in-flight limit, when it has one, is checked under a transaction-scoped
 * advisory lock per destination so that concurrent claims cannot both take the last slot.
 *
 * Claims, completions, releases and attempt records made by deliveries at about the same
 * time are coalesced (`LedgerBatching`): one statement each, on the pool under TypeORM, as
 * prepared statements. A statement holds one call per effect; a second call for the same
 * effect goes in the next statement, after the first, as separate calls would. A failed
 * statement fails its callers only; a failed batch of completions, releases or attempt
 * records runs each call again alone, so that a value the database refuses fails its own
 * delivery only. A failed claim statement fails the claims it held (a claim is not run
 * again: one it won would then be lost).
 *
 * Claims of a destination with an in-flight limit, coalesced per destination, share one
 * transaction: the lock and the count of claims in flight once, then as many of them as
 * the limit leaves room for go through the same upsert, the others answered `saturated`
 * (or `done`). A failed transaction claims none of them and fails them all; each
 * destination has its own batches, so a destination waiting for its lock holds up no other.
 */
@Injectable()
export class PgDeliveryLedgerRepository implements DeliveryLedgerRepository {
  private readonly claims: MicroBatcher<PendingClaim, ClaimResult>;
  /** Claims under an in-flight limit, by destination: the batch filling now (it leaves as it runs). */
  private readonly limitedClaims = new Map<string, MicroBatcher<PendingClaim, ClaimResult>>();
  private readonly batching: LedgerBatching;
  private readonly completions: MicroBatcher<EffectKey, void>;
  private readonly releases: MicroBatcher<Release, void>;
  private readonly attempts: MicroBatcher<DeliveryAttemptRow, void>;

  constructor(
    private readonly database: DatabaseConnection,
    @Optional() @Inject(LEDGER_BATCHING) batching: LedgerBatching = DEFAULT_LEDGER_BATCHING,
  ) {
    this.batching = batching;
    const { maxBatch, windowMs } = batching;
    this.claims = new MicroBatcher({ maxBatch, windowMs, run: (items) => this.claimMany(items) });
    this.completions = new MicroBatcher({
      maxBatch,
      windowMs,
      retryAlone: true,
      run: async (keys) => {
        await this.sql('hookline-ledger-complete', COMPLETE_MANY, keyColumns(keys));
        return keys.map(() => undefined);
      },
    });
    // Released again alone after a failed batch, a release its first run did applies no
    // more (its token no longer matches): nothing counts twice.
    this.releases = new MicroBatcher({
      maxBatch,
      windowMs,
      retryAlone: true,
      run: (items) => this.releaseMany(items),
    });
    this.attempts = new MicroBatcher({
      maxBatch,
      windowMs,
      retryAlone: true,
      run: async (rows) => {
        await this.sql('hookline-ledger-attempts', RECORD_ATTEMPTS, attemptColumns(rows));
        return rows.map(() => undefined);
      },
    });
  }

  /** One statement straight on the pool (or `db`), prepared once per connection under `name`. */
  private async sql<R>(
    name: string,
    text: string,
    values: unknown[],
    db: Queryable = this.database.pool(),
  ): Promise<R[]> {
    const result = await db.query({ name, text, values });
    return result.rows as R[];
  }

  claim(request: ClaimRequest): Promise<ClaimResult> {
    const pending = { request, token: randomUUID() };
    if (request.maxInFlight === undefined) return this.claims.submit(pending);
    const destinationId = request.destinationId;
    let batcher = this.limitedClaims.get(destinationId);
    if (!batcher) {
      const { maxBatch, windowMs } = this.batching;
      const created: MicroBatcher<PendingClaim, ClaimResult> = new MicroBatcher({
        maxBatch,
        windowMs,
        run: (claims) => {
          // Claims made from now on start a batcher of their own; this one's batch goes on.
          if (this.limitedClaims.get(destinationId) === created)
            this.limitedClaims.delete(destinationId);
          return this.claimUnderLimit(destinationId, claims);
        },
      });
      this.limitedClaims.set(destinationId, (batcher = created));
    }
    return batcher.submit(pending);
  }

  /**
   * One destination's claims in one transaction, as if one after another: under its lock,
   * the claims in flight counted once, then claims taken in order while the limit leaves
   * room (one that does not win, busy or done, leaves its slot to the next), the rest
   * answered `saturated`, or `done` when their effect is done and not forced.
   */
  private async claimUnderLimit(
    destinationId: string,
    pending: readonly PendingClaim[],
  ): Promise<ClaimResult[]> {
    const client = await this.database.pool().connect();
    try {
      await client.query('BEGIN');
      await this.sql('hookline-ledger-destination-lock', LOCK_DESTINATION, [destinationId], client);
      const [{ in_flight }] = (await this.sql(
        'hookline-ledger-in-flight',
        IN_FLIGHT,
        [destinationId],
        client,
      )) as [{ in_flight: number }];
      const results = new Map<PendingClaim, ClaimResult | Error>();
      let taken = in_flight;
      let waiting = [...pending];
      for (;;) {
        const room: PendingClaim[] = [];
        const rest: PendingClaim[] = [];
        for (const claim of waiting)
          (taken + room.length < claim.request.maxInFlight! ? room : rest).push(claim);
        if (room.length === 0) break;
        for (const round of distinctRounds(room, (claim) => keyOf(claim.request)))
          await this.claimAll(round, results, client);
        taken += room.filter((claim) => isClaimed(results.get(claim))).length;
        waiting = rest;
      }
      await this.answerSaturated(waiting, results, client);
      await client.query('COMMIT');
      client.release();
      return pending.map((claim) => results.get(claim) as ClaimResult);
    } catch (error) {
      // Nothing of the transaction holds; a connection that cannot roll back is not reused.
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
      );
      client.release(broken);
      throw error;
    }
  }

  /** Claims the limit left no room for: `done` (and a skip) when done and not forced, else `saturated`. */
  private async answerSaturated(
    claims: readonly PendingClaim[],
    results: Map<PendingClaim, ClaimResult | Error>,
    db: Queryable,
  ): Promise<void> {
    if (claims.length === 0) return;
    const rowOf = await this.rowsOf(
      claims.map((claim) => claim.request),
      db,
    );
    const skipped: PendingClaim[] = [];
    for (const claim of claims) {
      const row = rowOf.get(keyOf(claim.request));
      if (row?.state === 'done' && !forces(claim.request, row)) {
        skipped.push(claim);
        results.set(claim, { status: 'done', webhookId: row.webhook_id, failures: row.failures });
      } else results.set(claim, { status: 'saturated', failures: row?.failures ?? 0 });
    }
    // Each skip counts, also a second one of the same effect.
    for (const round of distinctRounds(skipped, (claim) => keyOf(claim.request)))
      await this.sql(
        'hookline-ledger-skip',
        SKIP_MANY,
        keyColumns(round.map((claim) => claim.request)),
        db,
      );
  }

  /** The ledger rows of `keys` (those that exist), by `keyOf`. */
  private async rowsOf(keys: readonly EffectKey[], db: Queryable): Promise<Map<string, LedgerRow>> {
    const rows = await this.sql<LedgerRow & { destination_id: string; idempotency_key: string }>(
      'hookline-ledger-rows',
      ROWS_OF,
      keyColumns(keys),
      db,
    );
    return new Map(
      rows.map((row) => [
        keyOf({ destinationId: row.destination_id, idempotencyKey: row.idempotency_key }),
        row,
      ]),
    );
  }

  /** Claims of distinct effects first, then each effect's next claim, as if one after another. */
  private async claimMany(pending: readonly PendingClaim[]): Promise<(ClaimResult | Error)[]> {
    const results = new Map<PendingClaim, ClaimResult | Error>();
    for (const round of distinctRounds(pending, (claim) => keyOf(claim.request)))
      try {
        await this.claimAll(round, results);
      } catch (error) {
        // Claims this round won keep their answer; the others fail, and the next round
        // goes on as separate calls would after a failed one.
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const claim of round) if (!results.has(claim)) results.set(claim, failure);
      }
    return pending.map((claim) => results.get(claim)!);
  }

  /** Claims of distinct effects, on the pool or `db`, each with its answer in `results`. */
  private async claimAll(
    round: readonly PendingClaim[],
    results: Map<PendingClaim, ClaimResult | Error>,
    db: Queryable = this.database.pool(),
  ): Promise<void> {
    for (let left = round; left.length > 0;) left = await this.claimRound(left, results, db);
  }

  /** One upsert for claims of distinct effects; returns those to try again (row deleted meanwhile). */
  private async claimRound(
    round: readonly PendingClaim[],
    results: Map<PendingClaim, ClaimResult | Error>,
    db: Queryable = this.database.pool(),
  ): Promise<PendingClaim[]> {
    const requests = round.map((claim) => claim.request);
    const won = await this.sql<{
      claim_token: string;
      webhook_id: string;
      claims: number;
      failures: number;
      last_error: string | null;
    }>(
      'hookline-ledger-claim',
      CLAIM_MANY,
      [
        requests.map((request) => request.destinationId),
        requests.map((request) => request.idempotencyKey),
        requests.map((request) => request.tenantId),
        requests.map((request) => request.eventId),
        requests.map((request) => request.deliveryId),
        round.map((claim) => claim.token),
        requests.map((request) => request.leaseMs),
        requests.map((request) => request.force),
        requests.map((request) => (request.force ? (request.forceId ?? null) : null)),
        requests.map((request) => request.freshStart ?? false),
      ],
      db,
    );
    const byToken = new Map(won.map((row) => [row.claim_token, row]));
    const lost: PendingClaim[] = [];
    for (const claim of round) {
      const row = byToken.get(claim.token);
      if (!row) lost.push(claim);
      else
        results.set(claim, {
          status: 'claimed',
          token: claim.token,
          webhookId: row.webhook_id,
          claims: row.claims,
          failures: row.failures,
          lastError: row.last_error,
        });
    }
    if (lost.length === 0) return [];

    const rowOf = await this.rowsOf(
      lost.map((claim) => claim.request),
      db,
    );
    const again: PendingClaim[] = [];
    const skipped: PendingClaim[] = [];
    for (const claim of lost) {
      const row = rowOf.get(keyOf(claim.request));
      if (!row) {
        again.push(claim); // deleted meanwhile: claim afresh (its token was never stored)
        continue;
      }
      if (row.state === 'done') {
        skipped.push(claim);
        results.set(claim, { status: 'done', webhookId: row.webhook_id, failures: row.failures });
        continue;
      }
      const until = row.state === 'released' ? row.retry_not_before : row.lease_until;
      results.set(claim, {
        status: 'busy',
        leaseUntil: until ?? new Date(),
        failures: row.failures,
      });
    }
    if (skipped.length > 0)
      await this.sql(
        'hookline-ledger-skip',
        SKIP_MANY,
        keyColumns(skipped.map((claim) => claim.request)),
        db,
      );
    return again;
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

  complete(key: EffectKey, _token: string): Promise<void> {
    return this.completions.submit(key);
  }

  release(key: EffectKey, token: string, failure?: ReleaseFailure): Promise<void> {
    return this.releases.submit({ key, token, failure });
  }

  /** Releases of distinct effects in one statement; a second release of an effect after it. */
  private async releaseMany(items: readonly Release[]): Promise<void[]> {
    for (const round of distinctRounds(items, (item) => keyOf(item.key)))
      await this.sql('hookline-ledger-release', RELEASE_MANY, [
        ...keyColumns(round.map((item) => item.key)),
        round.map((item) => item.token),
        round.map((item) => item.failure !== undefined),
        round.map((item) => item.failure?.reason ?? null),
        round.map((item) => item.failure?.retryNotBefore?.toISOString() ?? null),
      ]);
    return items.map(() => undefined);
  }

  recordAttempt(row: DeliveryAttemptRow): Promise<void> {
    return this.attempts.submit(row);
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

const isClaimed = (result: ClaimResult | Error | undefined) =>
  result !== undefined && !(result instanceof Error) && result.status === 'claimed';

/** `$1` destination ids, `$2` idempotency keys. */
function keyColumns(keys: readonly EffectKey[]): [string[], string[]] {
  return [keys.map((key) => key.destinationId), keys.map((key) => key.idempotencyKey)];
}

/** The `delivery_attempts` columns, one array each, in `RECORD_ATTEMPTS`' order. */
function attemptColumns(rows: readonly DeliveryAttemptRow[]): unknown[][] {
  return [
    rows.map((row) => row.tenantId),
    rows.map((row) => row.eventId),
    rows.map((row) => row.destinationId),
    rows.map((row) => row.idempotencyKey),
    rows.map((row) => row.deliveryId),
    rows.map((row) => row.webhookId),
    rows.map((row) => row.attempt),
    rows.map((row) => row.outcome),
    rows.map((row) => row.status),
    rows.map((row) => Math.round(row.durationMs)),
    rows.map((row) => row.errorClass),
    rows.map((row) => row.reason),
    rows.map((row) => row.responseSnippet),
    rows.map((row) => row.executor),
    rows.map((row) => row.startedAt.toISOString()),
  ];
}
