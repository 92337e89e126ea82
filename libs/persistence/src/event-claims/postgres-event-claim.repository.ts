import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import { type EventClaim, type EventClaimRepository } from './event-claim.repository.js';

/**
 * `event_claims` in PostgreSQL: one statement per raw webhook. A new key is inserted; an
 * existing key claimed by another raw webhook counts a duplicate on its row.
 */
@Injectable()
export class PostgresEventClaimRepository implements EventClaimRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async claim(claims: readonly EventClaim[]): Promise<('claimed' | 'duplicate')[]> {
    if (claims.length === 0) return [];
    const rows = (await this.database.get().query(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
           WITH ORDINALITY AS t(tenant_id, idempotency_key, event_id, raw_event_id, position)
       ),
       inserted AS (
         INSERT INTO event_claims (tenant_id, idempotency_key, event_id, raw_event_id)
         SELECT DISTINCT ON (tenant_id, idempotency_key) tenant_id, idempotency_key, event_id, raw_event_id
           FROM input ORDER BY tenant_id, idempotency_key, position
         ON CONFLICT (tenant_id, idempotency_key) DO UPDATE
           SET duplicates = event_claims.duplicates + 1,
               last_duplicate_raw_event_id = EXCLUDED.raw_event_id,
               last_duplicate_at = now()
           WHERE event_claims.raw_event_id <> EXCLUDED.raw_event_id
         RETURNING tenant_id, idempotency_key, raw_event_id, event_id, (xmax = 0) AS fresh
       )
       SELECT input.position,
              COALESCE(inserted.fresh, false) AS fresh,
              inserted.tenant_id IS NULL AS same_webhook,
              COALESCE(inserted.event_id, '') AS claimed_event_id
         FROM input LEFT JOIN inserted USING (tenant_id, idempotency_key)
        ORDER BY input.position`,
      [
        claims.map((claim) => claim.tenantId),
        claims.map((claim) => claim.idempotencyKey),
        claims.map((claim) => claim.eventId),
        claims.map((claim) => claim.rawEventId),
      ],
    )) as { fresh: boolean; same_webhook: boolean; claimed_event_id: string }[];
    return rows.map((row, index) => {
      // New key, or already this raw webhook's (the update's WHERE skipped it): publish.
      if (row.same_webhook) return 'claimed';
      return row.fresh && row.claimed_event_id === claims[index]!.eventId ? 'claimed' : 'duplicate';
    });
  }
}
