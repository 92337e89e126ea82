import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';

export interface DestinationState {
  destinationId: string;
  /** Since when every attempt failed (none since the last success); null when healthy. */
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledWhy: string | null;
  parked: number;
}

export interface ParkedDelivery {
  id: string;
  task: unknown;
  headers: Record<string, string>;
}

/** Disabled destinations and the deliveries parked for them until they are enabled. */
export interface DestinationStateRepository {
  state(destinationId: string): Promise<DestinationState>;
  /** A failed attempt: starts the failing period if none is running; returns its start. */
  recordFailure(destinationId: string): Promise<Date>;
  recordSuccess(destinationId: string): Promise<void>;
  disable(destinationId: string, why: string): Promise<void>;
  /** Enables the destination; returns the deliveries parked for it, oldest first, and removes them. */
  enable(destinationId: string): Promise<ParkedDelivery[]>;
  park(destinationId: string, task: unknown, headers: Record<string, string>): Promise<void>;
}

export const DESTINATION_STATES = Symbol('DestinationStateRepository');

@Injectable()
export class PgDestinationStateRepository implements DestinationStateRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async state(destinationId: string): Promise<DestinationState> {
    const [row] = (await this.database.get().query(
      `SELECT s.failing_since, s.disabled_at, s.disabled_why,
              (SELECT count(*)::int FROM parked_deliveries p WHERE p.destination_id = $1) AS parked
         FROM (SELECT $1::text AS destination_id) d
         LEFT JOIN destination_states s ON s.destination_id = d.destination_id`,
      [destinationId],
    )) as {
      failing_since: Date | null;
      disabled_at: Date | null;
      disabled_why: string | null;
      parked: number;
    }[];
    return {
      destinationId,
      failingSince: row?.failing_since ?? null,
      disabledAt: row?.disabled_at ?? null,
      disabledWhy: row?.disabled_why ?? null,
      parked: row?.parked ?? 0,
    };
  }

  async recordFailure(destinationId: string): Promise<Date> {
    const [row] = (await this.database.get().query(
      `INSERT INTO destination_states AS s (destination_id, failing_since) VALUES ($1, now())
       ON CONFLICT (destination_id) DO UPDATE SET failing_since = COALESCE(s.failing_since, now())
       RETURNING failing_since`,
      [destinationId],
    )) as { failing_since: Date }[];
    return row!.failing_since;
  }

  async recordSuccess(destinationId: string): Promise<void> {
    await this.database.get().query(
      `UPDATE destination_states SET failing_since = NULL
        WHERE destination_id = $1 AND failing_since IS NOT NULL`,
      [destinationId],
    );
  }

  async disable(destinationId: string, why: string): Promise<void> {
    await this.database.get().query(
      `INSERT INTO destination_states AS s (destination_id, disabled_at, disabled_why) VALUES ($1, now(), $2)
       ON CONFLICT (destination_id) DO UPDATE
         SET disabled_at = COALESCE(s.disabled_at, now()), disabled_why = COALESCE(s.disabled_why, $2)`,
      [destinationId, why],
    );
  }

  async enable(destinationId: string): Promise<ParkedDelivery[]> {
    return this.database.get().transaction(async (manager) => {
      await manager.query(
        `UPDATE destination_states SET disabled_at = NULL, disabled_why = NULL, failing_since = NULL
          WHERE destination_id = $1`,
        [destinationId],
      );
      // TypeORM answers a DELETE … RETURNING with [rows, count].
      const [rows] = (await manager.query(
        `DELETE FROM parked_deliveries WHERE destination_id = $1 RETURNING id::text AS id, task, headers`,
        [destinationId],
      )) as [ParkedDelivery[], number];
      return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    });
  }

  async park(destinationId: string, task: unknown, headers: Record<string, string>): Promise<void> {
    await this.database
      .get()
      .query(`INSERT INTO parked_deliveries (destination_id, task, headers) VALUES ($1, $2, $3)`, [
        destinationId,
        JSON.stringify(task),
        JSON.stringify(headers),
      ]);
  }
}
