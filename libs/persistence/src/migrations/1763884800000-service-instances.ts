import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ServiceInstances1763884800000 implements MigrationInterface {
  name = 'ServiceInstances1763884800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE service_instances (
        instance_id  text PRIMARY KEY,
        service      text NOT NULL,
        hostname     text NOT NULL,
        pid          integer NOT NULL,
        version      text NOT NULL,
        started_at   timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        stopped_at   timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX service_instances_service_idx ON service_instances (service, last_seen_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE service_instances`);
  }
}
