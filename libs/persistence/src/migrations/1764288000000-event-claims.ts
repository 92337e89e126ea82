import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One row per canonical event's idempotency key: the unique constraint is what drops a
 * provider resending the same event under a new delivery id.
 */
export class EventClaims1764288000000 implements MigrationInterface {
  name = 'EventClaims1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_claims (
        tenant_id        text NOT NULL,
        idempotency_key  text NOT NULL,
        event_id         text NOT NULL,
        raw_event_id     text NOT NULL,
        first_seen_at    timestamptz NOT NULL DEFAULT now(),
        duplicates       integer NOT NULL DEFAULT 0,
        last_duplicate_raw_event_id text,
        last_duplicate_at timestamptz,
        CONSTRAINT event_claims_key UNIQUE (tenant_id, idempotency_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_claims`);
  }
}
