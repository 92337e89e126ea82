import { Injectable } from '@nestjs/common';
import { Coalescer } from '../batching/coalescer.js';
import { DatabaseConnection } from '../database.connection.js';
import { type EventClaim, type EventClaimRepository } from './event-claim.repository.js';

/** Claims per statement at most. */
const MAX_CLAIMS_PER_STATEMENT = 500;
/** How long the first claim of a statement waits for others (records handled concurrently), as a prepared statement. */
const CLAIM_WINDOW_MS = 0;

type Answer = 'claimed' | 'duplicate';

/**
 * `event_claims` in PostgreSQL. A new key is inserted; an existing key claimed by another
 * raw webhook counts a duplicate on its row. The claims of records handled at the same
 * time (the consumer's lanes) share one statement: the calls of one turn of the event
 * loop and those made while the previous statement runs, up to 500 claims, one statement
 * at a time; each call is answered for its own claims. When a statement fails, each of
 * its calls is tried alone, so one record's claims that PostgreSQL refuses fail only it.
 */
@Injectable()
export class PostgresEventClaimRepository implements EventClaimRepository {
  private readonly coalescer: Coalescer<EventClaim, Answer>;

  constructor(private readonly database: DatabaseConnection) {
    this.coalescer = new Coalescer((claims) => this.claimAll(claims), {
      maxItems: MAX_CLAIMS_PER_STATEMENT,
      windowMs: CLAIM_WINDOW_MS,
      maxInFlight: 1,
      // A claim PostgreSQL refuses (a key it cannot store) fails its own record only.
      retryAlone: true,
    });
  }

  claim(claims: readonly EventClaim[]): Promise<Answer[]> {
    return this.coalescer.submit(claims);
  }

  /**
   * One statement over claims of any raw webhooks, answered per claim in order. Per key,
   * the first claim is the one inserted; the owner's row comes back (RETURNING) when it
   * was inserted or counted a duplicate; no row comes back when every claim of the key
   * is the owner's own raw webhook (a redelivery). Keys are inserted in order, so two
   * statements over the same keys wait on each other rather than deadlock.
   */
  private async claimAll(claims: readonly EventClaim[]): Promise<Answer[]> {
    const rows = await this.database.prepared<{
      owners_own: boolean;
      fresh: boolean;
      owner_raw_event_id: string;
      owner_event_id: string;
    }>(
      'hookline_claim_events',
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
           WITH ORDINALITY AS t(tenant_id, idempotency_key, event_id, raw_event_id, position)
       ),
       first AS (
         SELECT DISTINCT ON (tenant_id, idempotency_key) tenant_id, idempotency_key, event_id, raw_event_id
           FROM input ORDER BY tenant_id, idempotency_key, position
       ),
       upserted AS (
         INSERT INTO event_claims AS c (tenant_id, idempotency_key, event_id, raw_event_id,
                                        duplicates, last_duplicate_raw_event_id, last_duplicate_at)
         SELECT f.tenant_id, f.idempotency_key, f.event_id, f.raw_event_id,
                others.n, others.last, CASE WHEN others.n > 0 THEN now() END
           FROM first f
           CROSS JOIN LATERAL (
             SELECT count(*)::int AS n, (array_agg(i.raw_event_id ORDER BY i.position DESC))[1] AS last
               FROM input i
              WHERE i.tenant_id = f.tenant_id AND i.idempotency_key = f.idempotency_key
                AND i.raw_event_id <> f.raw_event_id
           ) others
          ORDER BY f.tenant_id, f.idempotency_key
         ON CONFLICT (tenant_id, idempotency_key) DO UPDATE
           SET duplicates = c.duplicates + (
                 SELECT count(*)::int FROM input i
                  WHERE i.tenant_id = c.tenant_id AND i.idempotency_key = c.idempotency_key
                    AND i.raw_event_id <> c.raw_event_id),
               last_duplicate_raw_event_id = (
                 SELECT i.raw_event_id FROM input i
                  WHERE i.tenant_id = c.tenant_id AND i.idempotency_key = c.idempotency_key
                    AND i.raw_event_id <> c.raw_event_id
                  ORDER BY i.position DESC LIMIT 1),
               last_duplicate_at = now()
           WHERE EXISTS (
                 SELECT 1 FROM input i
                  WHERE i.tenant_id = c.tenant_id AND i.idempotency_key = c.idempotency_key
                    AND i.raw_event_id <> c.raw_event_id)
         RETURNING c.tenant_id, c.idempotency_key, c.raw_event_id, c.event_id, (c.xmax = 0) AS fresh
       )
       SELECT input.position,
              upserted.tenant_id IS NULL AS owners_own,
              COALESCE(upserted.fresh, false) AS fresh,
              COALESCE(upserted.raw_event_id, '') AS owner_raw_event_id,
              COALESCE(upserted.event_id, '') AS owner_event_id
         FROM input LEFT JOIN upserted USING (tenant_id, idempotency_key)
        ORDER BY input.position`,
      [
        claims.map((claim) => claim.tenantId),
        claims.map((claim) => claim.idempotencyKey),
        claims.map((claim) => claim.eventId),
        claims.map((claim) => claim.rawEventId),
      ],
    );
    return rows.map((row, index) => {
      const claim = claims[index]!;
      // Every claim of the key came from the raw webhook that owns it (a redelivered record): publish.
      if (row.owners_own) return 'claimed';
      if (claim.rawEventId !== row.owner_raw_event_id) return 'duplicate';
      // A key inserted now is the first claim's; a second event of the same webhook under
      // that key is a duplicate. An existing key of this webhook's: publish again.
      return !row.fresh || claim.eventId === row.owner_event_id ? 'claimed' : 'duplicate';
    });
  }
}
