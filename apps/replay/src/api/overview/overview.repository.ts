import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '@hookline/persistence';

export interface DeadLetterDepth {
  total: number;
  lastHour: number;
  byReason: { key: string; count: number }[];
}

export interface DestinationDelivery {
  destination: string;
  attempts: number;
  delivered: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** What the overview reads from PostgreSQL; `tenants` null: every tenant. */
@Injectable()
export class OverviewRepository {
  constructor(private readonly database: DatabaseConnection) {}

  /** Dead letters not replayed yet: how many, how many came in the last hour, by reason. */
  async deadLetters(tenants: readonly string[] | null): Promise<DeadLetterDepth> {
    const db = this.database.get();
    const [totals] = (await db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE recorded_at > now() - interval '1 hour')::int AS last_hour
         FROM dead_letters WHERE replayed_at IS NULL AND ($1::text[] IS NULL OR tenant_id = ANY($1))`,
      [tenants],
    )) as { total: number; last_hour: number }[];
    const byReason = (await db.query(
      `SELECT error_class AS key, count(*)::int AS count FROM dead_letters
        WHERE replayed_at IS NULL AND ($1::text[] IS NULL OR tenant_id = ANY($1))
        GROUP BY error_class ORDER BY count DESC, error_class LIMIT 12`,
      [tenants],
    )) as { key: string; count: number }[];
    return { total: totals?.total ?? 0, lastHour: totals?.last_hour ?? 0, byReason };
  }

  /** Attempts of the last `minutes` per destination: share delivered and latency percentiles. */
  async deliveries(
    tenants: readonly string[] | null,
    minutes = 15,
  ): Promise<DestinationDelivery[]> {
    const rows = (await this.database.get().query(
      `SELECT destination_id AS destination,
              count(*)::int AS attempts,
              count(*) FILTER (WHERE outcome = 'delivered')::int AS delivered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
         FROM delivery_attempts
        WHERE started_at > now() - make_interval(mins => $2) AND ($1::text[] IS NULL OR tenant_id = ANY($1))
        GROUP BY destination_id ORDER BY destination_id`,
      [tenants, minutes],
    )) as { destination: string; attempts: number; delivered: number; p50: number; p95: number }[];
    return rows.map((row) => ({
      destination: row.destination,
      attempts: row.attempts,
      delivered: row.delivered,
      successRate: row.attempts ? row.delivered / row.attempts : null,
      p50Ms: row.p50 === null ? null : Number(row.p50),
      p95Ms: row.p95 === null ? null : Number(row.p95),
    }));
  }

  async disabledDestinations(): Promise<string[]> {
    const rows = (await this.database
      .get()
      .query(
        `SELECT destination_id FROM destination_states WHERE disabled_at IS NOT NULL ORDER BY 1`,
      )) as { destination_id: string }[];
    return rows.map((row) => row.destination_id);
  }
}
