import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The operator API: its bearer tokens (only the secret's sha256 is kept), the audit log
 * of every call that changes something, and dead letters indexed by what operators
 * filter on (stage, destination, the raw webhook they came from).
 */
export class OperatorApi1764460800000 implements MigrationInterface {
  name = 'OperatorApi1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operator_tokens (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        role          text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        tenants       text[] NOT NULL,
        secret_sha256 text NOT NULL,
        origin        text NOT NULL CHECK (origin IN ('config', 'api')),
        created_by    text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_used_at  timestamptz,
        revoked_at    timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE operator_audit (
        id         bigserial PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT now(),
        token_id   text,
        actor      text NOT NULL,
        role       text,
        tenants    text[],
        action     text NOT NULL,
        target     text,
        outcome    text NOT NULL,
        detail     jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(
      `CREATE INDEX operator_audit_action_idx ON operator_audit (action, id DESC)`,
    );
    await queryRunner.query(`
      ALTER TABLE dead_letters
        ADD COLUMN stage          text,
        ADD COLUMN destination_id text,
        ADD COLUMN raw_event_id   text,
        ADD COLUMN event_id       text,
        ADD COLUMN replayed_at    timestamptz,
        ADD COLUMN failed_at      timestamptz GENERATED ALWAYS AS (coalesce(last_failed_at, record_timestamp)) STORED`);
    // What the recorder writes from now on, for the rows recorded before.
    await queryRunner.query(`UPDATE dead_letters SET stage = split_part(error_stage, ':', 1)`);
    await queryRunner.query(`
      UPDATE dead_letters SET destination_id = split_part(convert_from(record_key, 'UTF8'), ':', 1)
       WHERE original_topic LIKE '%hookline.deliveries.v1' AND record_key IS NOT NULL`);
    await queryRunner.query(`DROP INDEX dead_letters_tenant_idx`);
    for (const [name, column] of [
      ['tenant', null],
      ['stage', 'stage'],
      ['error_class', 'error_class'],
      ['destination', 'destination_id'],
      ['topic', 'original_topic'],
    ] as const) {
      const columns = column
        ? `tenant_id, ${column}, failed_at DESC, id DESC`
        : 'tenant_id, failed_at DESC, id DESC';
      await queryRunner.query(`CREATE INDEX dead_letters_${name}_idx ON dead_letters (${columns})`);
    }
    await queryRunner.query(
      `CREATE INDEX dead_letters_failed_idx ON dead_letters (failed_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX dead_letters_raw_event_idx ON dead_letters (raw_event_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX raw_webhooks_correlation_idx ON raw_webhooks (correlation_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX raw_webhooks_received_idx ON raw_webhooks (received_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX event_claims_raw_event_idx ON event_claims (raw_event_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX delivery_ledger_event_idx ON delivery_ledger (tenant_id, event_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX delivery_ledger_event_idx`);
    await queryRunner.query(`DROP INDEX event_claims_raw_event_idx`);
    await queryRunner.query(`DROP INDEX raw_webhooks_received_idx`);
    await queryRunner.query(`DROP INDEX raw_webhooks_correlation_idx`);
    for (const name of [
      'tenant',
      'stage',
      'error_class',
      'destination',
      'topic',
      'failed',
      'raw_event',
    ])
      await queryRunner.query(`DROP INDEX dead_letters_${name}_idx`);
    await queryRunner.query(`
      ALTER TABLE dead_letters DROP COLUMN failed_at, DROP COLUMN replayed_at, DROP COLUMN event_id,
        DROP COLUMN raw_event_id, DROP COLUMN destination_id, DROP COLUMN stage`);
    await queryRunner.query(
      `CREATE INDEX dead_letters_tenant_idx ON dead_letters (tenant_id, last_failed_at DESC)`,
    );
    await queryRunner.query(`DROP TABLE operator_audit`);
    await queryRunner.query(`DROP TABLE operator_tokens`);
  }
}
