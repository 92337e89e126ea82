import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The event timeline: one row per state transition of a raw webhook and the events,
 * routes and deliveries that came from it, written by every stage in batches. Read back
 * per raw event (in the order things happened), and found by provider event id or
 * correlation id within a tenant; trimmed by age.
 */
export class EventTimeline1764374400000 implements MigrationInterface {
  name = 'EventTimeline1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_timeline (
        id                bigserial PRIMARY KEY,
        raw_event_id      text NOT NULL,
        tenant_id         text NOT NULL,
        source_id         text,
        provider          text,
        event_id          text NULL,
        provider_event_id text NULL,
        correlation_id    text NULL,
        destination_id    text NULL,
        stage             text NOT NULL,
        state             text NOT NULL,
        detail            jsonb NOT NULL DEFAULT '{}',
        occurred_at       timestamptz NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX event_timeline_raw_event_idx ON event_timeline (raw_event_id, occurred_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX event_timeline_provider_event_idx ON event_timeline (tenant_id, provider_event_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX event_timeline_correlation_idx ON event_timeline (tenant_id, correlation_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX event_timeline_tenant_time_idx ON event_timeline (tenant_id, occurred_at)`,
    );
    // Retention deletes the oldest rows first, across tenants.
    await queryRunner.query(
      `CREATE INDEX event_timeline_occurred_idx ON event_timeline (occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_timeline`);
  }
}
