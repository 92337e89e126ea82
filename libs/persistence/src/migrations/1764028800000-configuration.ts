import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The mirror of `hookline.yaml` (see `@hookline/config`): every distinct document loaded,
 * with secrets redacted, and the sources, destinations and routes of the current one.
 */
export class Configuration1764028800000 implements MigrationInterface {
  name = 'Configuration1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config_revisions (
        revision  serial PRIMARY KEY,
        checksum  text NOT NULL UNIQUE,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        loaded_by text NOT NULL,
        document  jsonb NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE config_sources (
        source_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        provider  text NOT NULL,
        revision  integer NOT NULL REFERENCES config_revisions (revision)
      )`);
    await queryRunner.query(`
      CREATE TABLE config_destinations (
        destination_id text PRIMARY KEY,
        tenant_id      text NOT NULL,
        kind           text NOT NULL,
        url            text NOT NULL,
        revision       integer NOT NULL REFERENCES config_revisions (revision)
      )`);
    await queryRunner.query(`
      CREATE TABLE config_routes (
        tenant_id      text NOT NULL,
        route_id       text NOT NULL,
        destination_id text NOT NULL,
        event_types    text[] NOT NULL,
        filter         text,
        revision       integer NOT NULL REFERENCES config_revisions (revision),
        PRIMARY KEY (tenant_id, route_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config_routes`);
    await queryRunner.query(`DROP TABLE config_destinations`);
    await queryRunner.query(`DROP TABLE config_sources`);
    await queryRunner.query(`DROP TABLE config_revisions`);
  }
}
