import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type RecordingSink } from './sink.js';
import { type SentEvent } from './traffic.js';

/** Where every acknowledged webhook ended up: the loss count. */
export interface Tally {
  sent: number;
  acknowledged: number;
  /** (event, destination) effects the routes call for. */
  expectedEffects: number;
  delivered: number;
  /** Acknowledged events every route refused: nothing at the sink. */
  filtered: number;
  deadLettered: number;
  /** Parked for a disabled destination (kept for an operator to re-enable it). */
  parked: number;
  /** Effects neither delivered nor dead-lettered (must be 0). */
  missing: number;
  /** A second `webhook-id` for one (destination, key) at the sink (must be 0). */
  duplicateEffects: number;
  /** The same `webhook-id` seen again: a redelivery the receiver recognises. */
  redeliveries: number;
  /** Effects at the sink for events that should have gone nowhere (must be 0). */
  unexpected: number;
  /** Dead letters by error class. */
  deadLetterReasons: Record<string, number>;
  /** delivery_ledger rows of the expected effects, by state. */
  ledger: Record<string, number>;
}

interface DeadLetter {
  key: string;
  destinationId: string;
  errorClass: string;
  errorMessage: string;
}

const effectId = (destinationId: string, key: string) => `${destinationId}\u0000${key}`;

async function readDatabase(
  databaseUrl: string,
): Promise<{ deadLetters: DeadLetter[]; ledger: Map<string, string>; parked: Set<string> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadRows = await client.query<{
      value: string | null;
      error_class: string;
      error_message: string;
    }>(
      `SELECT convert_from(record_value, 'UTF8') AS value, error_class, error_message FROM dead_letters`,
    );
    const deadLetters: DeadLetter[] = [];
    for (const row of deadRows.rows) {
      try {
        const task = JSON.parse(row.value ?? '') as {
          destinationId?: string;
          event?: { idempotencykey?: string };
        };
        if (task.destinationId && task.event?.idempotencykey)
          deadLetters.push({
            key: task.event.idempotencykey,
            destinationId: task.destinationId,
            errorClass: row.error_class,
            errorMessage: row.error_message,
          });
      } catch {
        // Not a delivery task (a raw webhook the normalizer refused): not an effect.
      }
    }
    const ledgerRows = await client.query<{
      destination_id: string;
      idempotency_key: string;
      state: string;
    }>('SELECT destination_id, idempotency_key, state FROM delivery_ledger');
    const ledger = new Map(
      ledgerRows.rows.map((row) => [effectId(row.destination_id, row.idempotency_key), row.state]),
    );
    // A disabled destination's tasks wait in parked_deliveries, with why it was disabled.
    const parkedRows = await client.query<{ destination_id: string; key: string | null }>(
      `SELECT p.destination_id, p.task -> 'event' ->> 'idempotencykey' AS key
         FROM parked_deliveries p JOIN destination_states s USING (destination_id)
        WHERE s.disabled_why IS NOT NULL`,
    );
    const parked = new Set(
      parkedRows.rows.map((row) => effectId(row.destination_id, row.key ?? '')),
    );
    return { deadLetters, ledger, parked };
  } finally {
    await client.end();
  }
}

/** Counts where each acknowledged event of `events` ended up. */
export async function tally(
  events: SentEvent[],
  sink: RecordingSink,
  databaseUrl: string,
): Promise<Tally> {
  const { deadLetters, ledger, parked } = await readDatabase(databaseUrl);
  const dead = new Map(
    deadLetters.map((letter) => [effectId(letter.destinationId, letter.key), letter]),
  );
  const result: Tally = {
    sent: events.length,
    acknowledged: 0,
    expectedEffects: 0,
    delivered: 0,
    filtered: 0,
    deadLettered: 0,
    parked: 0,
    missing: 0,
    duplicateEffects: 0,
    redeliveries: 0,
    unexpected: 0,
    deadLetterReasons: {},
    ledger: {},
  };
  for (const event of events) {
    const acked = event.ackedAt !== undefined;
    if (acked) result.acknowledged += 1;
    for (const destinationId of event.destinations) {
      const effects = sink.effectsOf(destinationId, event.key);
      const ids = new Set(effects.map((effect) => effect.webhookId));
      result.duplicateEffects += Math.max(0, ids.size - 1);
      result.redeliveries += effects.length - ids.size;
      if (!acked) continue;
      result.expectedEffects += 1;
      const state = ledger.get(effectId(destinationId, event.key)) ?? 'none';
      result.ledger[state] = (result.ledger[state] ?? 0) + 1;
      const letter = dead.get(effectId(destinationId, event.key));
      if (effects.length > 0) result.delivered += 1;
      else if (letter && letter.errorMessage !== '') {
        result.deadLettered += 1;
        result.deadLetterReasons[letter.errorClass] =
          (result.deadLetterReasons[letter.errorClass] ?? 0) + 1;
      } else if (parked.has(effectId(destinationId, event.key))) result.parked += 1;
      else result.missing += 1;
    }
    if (event.destinations.length === 0) {
      const seen = [...sink.effects.values()].some((byKey) => byKey.has(event.key));
      if (seen) result.unexpected += 1;
      else if (acked) result.filtered += 1;
    }
  }
  return result;
}

/**
 * Polls the tally until nothing acknowledged is missing (every effect delivered or
 * dead-lettered) or `timeoutMs` passes; returns the last tally either way.
 */
export async function settle(
  events: () => SentEvent[],
  sink: RecordingSink,
  databaseUrl: string,
  timeoutMs: number,
): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await tally(events(), sink, databaseUrl).catch(() => undefined);
    if (current && current.missing === 0) return current;
    if (Date.now() > deadline) return current ?? tally(events(), sink, databaseUrl);
    await sleep(500);
  }
}
