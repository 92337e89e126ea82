import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Replay jobs and the records each one replays. A job's selection is fixed when it is
 * created (what the dry run counted is what gets sent); each item's outcome and the
 * job's counts are written together, so a job resumed after a crash goes on from its
 * first pending item. A lease (owner, until) keeps two replay instances from running
 * one job. Items name their record: a dead letter or raw webhook by `ref`, a record read
 * from a topic by its bytes (read once, when the job is created). `delivery_ledger.force_id` makes a forced replay of one record force once.
 */
export class ReplayJobs1764547200000 implements MigrationInterface {
  name = 'ReplayJobs1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE replay_jobs (
        id                text PRIMARY KEY,
        kind              text NOT NULL
                          CHECK (kind IN ('dead-letters', 'offset-range', 'time-range', 'raw-redrive')),
        state             text NOT NULL
                          CHECK (state IN ('dry-run', 'pending', 'running', 'completed', 'cancelled', 'failed')),
        request           jsonb NOT NULL,
        tenant_scope      text[],
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        started_at        timestamptz,
        finished_at       timestamptz,
        rate              integer NOT NULL CHECK (rate > 0),
        force             boolean NOT NULL DEFAULT false,
        total             integer NOT NULL DEFAULT 0,
        sent              integer NOT NULL DEFAULT 0,
        skipped           integer NOT NULL DEFAULT 0,
        already_delivered integer NOT NULL DEFAULT 0,
        failed            integer NOT NULL DEFAULT 0,
        error             text,
        lease_owner       text,
        lease_until       timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX replay_jobs_claimable_idx ON replay_jobs (created_at)
         WHERE state IN ('pending', 'running')`,
    );
    await queryRunner.query(`
      CREATE TABLE replay_job_items (
        job_id     text NOT NULL REFERENCES replay_jobs (id) ON DELETE CASCADE,
        seq        integer NOT NULL,
        topic      text NOT NULL,
        partition  integer NOT NULL,
        "offset"   bigint NOT NULL,
        ref          text,
        tenant_id    text,
        record_key   bytea,
        record_value bytea,
        headers      jsonb,
        reason     text NOT NULL,
        outcome    text NOT NULL DEFAULT 'pending'
                   CHECK (outcome IN ('pending', 'sent', 'skipped', 'already-delivered', 'failed')),
        detail     text,
        PRIMARY KEY (job_id, seq)
      )`);
    await queryRunner.query(
      `CREATE INDEX replay_job_items_pending_idx ON replay_job_items (job_id, seq) WHERE outcome = 'pending'`,
    );
    await queryRunner.query(`ALTER TABLE delivery_ledger ADD COLUMN force_id text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE delivery_ledger DROP COLUMN force_id`);
    await queryRunner.query(`DROP TABLE replay_job_items`);
    await queryRunner.query(`DROP TABLE replay_jobs`);
  }
}
