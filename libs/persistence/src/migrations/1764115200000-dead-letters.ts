import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Every dead letter, browsable by operators; the Kafka record stays the source of truth. */
export class DeadLetters1764115200000 implements MigrationInterface {
  name = 'DeadLetters1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id                 bigserial PRIMARY KEY,
        topic              text NOT NULL,
        partition          integer NOT NULL,
        "offset"           bigint NOT NULL,
        record_timestamp   timestamptz NOT NULL,
        tenant_id          text,
        correlation_id     text,
        record_key         bytea,
        record_value       bytea,
        headers            jsonb NOT NULL,
        original_topic     text NOT NULL,
        original_partition integer NOT NULL,
        original_offset    bigint NOT NULL,
        attempts           integer NOT NULL,
        error_class        text NOT NULL,
        error_message      text NOT NULL,
        error_stage        text NOT NULL,
        first_failed_at    timestamptz,
        last_failed_at     timestamptz,
        recorded_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dead_letters_record UNIQUE (topic, partition, "offset")
      )`);
    await queryRunner.query(
      `CREATE INDEX dead_letters_tenant_idx ON dead_letters (tenant_id, last_failed_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dead_letters`);
  }
}
