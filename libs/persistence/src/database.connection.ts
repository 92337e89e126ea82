import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { type DataSource } from 'typeorm';
import { createDataSource } from './data-source.js';
import { DATABASE_OPTIONS, type DatabaseOptions } from './database.options.js';

/** Arbitrary but fixed: every Hookline process agrees on it. */
const MIGRATION_LOCK_KEY = 0x686f6f6b; // 'hook'

/**
 * The service's PostgreSQL pool. `connect` is idempotent and safe to retry: it opens the
 * pool and brings the schema up to date.
 */
@Injectable()
export class DatabaseConnection {
  readonly name = 'postgres';
  private readonly logger = new Logger(DatabaseConnection.name);
  private dataSource: DataSource | undefined;

  constructor(@Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions) {}

  async connect(): Promise<void> {
    if (this.dataSource?.isInitialized) return;
    const dataSource = createDataSource(this.options);
    try {
      await dataSource.initialize();
      await this.migrate(dataSource);
      this.dataSource = dataSource;
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs pending migrations under a session advisory lock: the five services start at
   * once against one database, and TypeORM alone would let them race to create tables.
   */
  private async migrate(dataSource: DataSource): Promise<void> {
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) this.logger.log(`applied migration ${migration.name}`);
    } finally {
      await lock
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        .catch(() => undefined);
      await lock.release();
    }
  }

  /** Throws unless a round trip to the server succeeds. */
  async ping(): Promise<void> {
    await this.get().query('SELECT 1');
  }

  get isConnected(): boolean {
    return this.dataSource?.isInitialized ?? false;
  }

  /** The open DataSource; throws when not connected yet. */
  get(): DataSource {
    if (!this.dataSource?.isInitialized) throw new Error('PostgreSQL is not connected yet');
    return this.dataSource;
  }

  /**
   * The `pg` pool under the DataSource, for hot statements: a query straight on it skips
   * TypeORM's query runner (a connection checked out and back per query, its logging).
   */
  pool(): pg.Pool {
    return (this.get().driver as unknown as { master: pg.Pool }).master;
  }

  /**
   * Runs a statement the server parses once per pooled connection (a named prepared
   * statement) and answers its rows: for statements run many times a second, where
   * parsing and planning would cost more than the work. `name` must stand for one `text`.
   */
  async prepared<R = Record<string, unknown>>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<R[]> {
    const result = await this.pool().query({ name, text, values });
    return result.rows as R[];
  }

  async close(): Promise<void> {
    const dataSource = this.dataSource;
    this.dataSource = undefined;
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}
