import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The executor's side-effect ledger (one row per destination and event idempotency key:
 * claimed with a lease before the request, done after it), every attempt made, which
 * destinations are disabled and the deliveries parked for them, the shared counters of
 * destination rate limits (rate-limiter-flexible's layout).
 */
export class DeliveryLedger1764201600000 implements MigrationInterface {
  name = 'DeliveryLedger1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery_ledger (
        destination_id   text NOT NULL,
        idempotency_key  text NOT NULL,
        tenant_id        text NOT NULL,
        event_id         text NOT NULL,
        webhook_id       text NOT NULL,
        state            text NOT NULL CHECK (state IN ('claimed', 'released', 'done')),
        claim_token      text,
        lease_until      timestamptz,
        claims           integer NOT NULL DEFAULT 1,
        failures         integer NOT NULL DEFAULT 0,
        last_error       text,
        retry_not_before timestamptz,
        skipped          integer NOT NULL DEFAULT 0,
        first_claimed_at timestamptz NOT NULL DEFAULT now(),
        done_at          timestamptz,
        PRIMARY KEY (destination_id, idempotency_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_ledger_in_flight_idx ON delivery_ledger (destination_id, lease_until)
         WHERE state = 'claimed'`,
    );
    await queryRunner.query(`
      CREATE TABLE delivery_attempts (
        id               bigserial PRIMARY KEY,
        tenant_id        text NOT NULL,
        event_id         text NOT NULL,
        destination_id   text NOT NULL,
        idempotency_key  text NOT NULL,
        delivery_id      text NOT NULL,
        webhook_id       text,
        attempt          integer NOT NULL,
        outcome          text NOT NULL,
        status           integer,
        duration_ms      integer NOT NULL,
        error_class      text,
        reason           text NOT NULL,
        response_snippet text,
        executor         text NOT NULL,
        started_at       timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempts_event_idx ON delivery_attempts (tenant_id, event_id, started_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE destination_states (
        destination_id text PRIMARY KEY,
        failing_since  timestamptz,
        disabled_at    timestamptz,
        disabled_why   text
      )`);
    await queryRunner.query(`
      CREATE TABLE parked_deliveries (
        id             bigserial PRIMARY KEY,
        destination_id text NOT NULL,
        task           jsonb NOT NULL,
        headers        jsonb NOT NULL,
        parked_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX parked_deliveries_destination_idx ON parked_deliveries (destination_id, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE subject_positions (
        destination_id text NOT NULL,
        subject        text NOT NULL,
        event_time     timestamptz NOT NULL,
        event_id       text NOT NULL,
        PRIMARY KEY (destination_id, subject)
      )`);
    await queryRunner.query(`
      CREATE TABLE destination_rate_limits (
        key    varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE destination_rate_limits`);
    await queryRunner.query(`DROP TABLE subject_positions`);
    await queryRunner.query(`DROP TABLE parked_deliveries`);
    await queryRunner.query(`DROP TABLE destination_states`);
    await queryRunner.query(`DROP TABLE delivery_attempts`);
    await queryRunner.query(`DROP TABLE delivery_ledger`);
  }
}
