import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MIGRATIONS } from '@hookline/persistence';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { Client } from 'pg';
import { ConfigError } from '../config/service-config.js';
import { loadMigrationConfig } from './migration-config.js';
import { runMigrations } from './run-migrations.js';

describe('migrate', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  async function tables(): Promise<string[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      return result.rows.map((row) => row.tablename);
    } finally {
      await client.end();
    }
  }

  it('brings a fresh database to the latest schema, then changes nothing on a second run', async () => {
    const { database: options } = loadMigrationConfig({ DATABASE_URL: database.url });
    expect(await tables()).toEqual([]);

    const first = await runMigrations(options);
    expect(first.applied).toEqual(MIGRATIONS.map((migration) => migration.name));
    const created = await tables();
    expect(created).toEqual(expect.arrayContaining(['hookline_migrations', 'service_instances']));

    const second = await runMigrations(options);
    expect(second.applied).toEqual(first.applied);
    expect(await tables()).toEqual(created);
  });

  it('runs safely beside other migrators (a Job and starting services at once)', async () => {
    const { database: options } = loadMigrationConfig({ DATABASE_URL: database.url });
    const outcomes = await Promise.all([1, 2, 3].map(() => runMigrations(options)));
    for (const outcome of outcomes)
      expect(outcome.applied).toEqual(MIGRATIONS.map((migration) => migration.name));
  });

  it('fails with the driver reason when PostgreSQL is unreachable', async () => {
    const unreachable = new URL(database.url);
    unreachable.port = '1';
    const { database: options } = loadMigrationConfig({ DATABASE_URL: unreachable.toString() });
    await expect(runMigrations(options)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('needs only DATABASE_URL, and names it when it is wrong', () => {
    expect(() => loadMigrationConfig({})).toThrow(ConfigError);
    expect(() => loadMigrationConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ URL/,
    );
  });
});
