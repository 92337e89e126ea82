import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The raw store: every webhook ingest accepted, byte-exact, committed before the 2xx.
 * `published_at` makes it an outbox too: NULL until `hookline.ingested.v1` has the record.
 */
export class RawWebhooks1763971200000 implements MigrationInterface {
  name = 'RawWebhooks1763971200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE raw_webhooks (
        id             text PRIMARY KEY,
        tenant_id      text NOT NULL,
        source_id      text NOT NULL,
        provider       text NOT NULL,
        dedup_key      text NOT NULL,
        received_at    timestamptz NOT NULL,
        method         text NOT NULL,
        path           text NOT NULL,
        headers        jsonb NOT NULL,
        content_type   text NOT NULL,
        body           bytea NOT NULL,
        body_bytes     integer NOT NULL,
        body_sha256    text NOT NULL,
        correlation_id text NOT NULL,
        traceparent    text,
        published_at   timestamptz,
        CONSTRAINT raw_webhooks_source_dedup UNIQUE (source_id, dedup_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX raw_webhooks_unpublished_idx ON raw_webhooks (received_at) WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX raw_webhooks_tenant_received_idx ON raw_webhooks (tenant_id, received_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE raw_webhooks`);
  }
}
