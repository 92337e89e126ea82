import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The outbox of `hookline.ingested.v1` in a narrow table of its own: a raw webhook gets
 * a row here in the statement that stores it, and loses it once the record is
 * published. Marking the wide raw row published instead rewrote it (a new row version
 * and an entry in each of its indexes) for every webhook; `raw_webhooks` is now written
 * once and never updated. No foreign key: its check would lock the raw row for every
 * insert, and only the raw store writes either table.
 */
export class RawWebhookOutbox1764633600000 implements MigrationInterface {
  name = 'RawWebhookOutbox1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE raw_webhook_outbox (
        id          text PRIMARY KEY,
        received_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `INSERT INTO raw_webhook_outbox (id, received_at)
         SELECT id, received_at FROM raw_webhooks WHERE published_at IS NULL`,
    );
    await queryRunner.query(`DROP INDEX raw_webhooks_unpublished_idx`);
    await queryRunner.query(`ALTER TABLE raw_webhooks DROP COLUMN published_at`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE raw_webhooks ADD COLUMN published_at timestamptz`);
    await queryRunner.query(
      `UPDATE raw_webhooks r SET published_at = now()
        WHERE NOT EXISTS (SELECT 1 FROM raw_webhook_outbox o WHERE o.id = r.id)`,
    );
    await queryRunner.query(
      `CREATE INDEX raw_webhooks_unpublished_idx ON raw_webhooks (received_at) WHERE published_at IS NULL`,
    );
    await queryRunner.query(`DROP TABLE raw_webhook_outbox`);
  }
}
