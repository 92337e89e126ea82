import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { DatabaseConnection } from './database.connection.js';
import { MIGRATIONS } from './migrations/index.js';

describe('DatabaseConnection', () => {
  let database: TestDatabase;
  const connections: DatabaseConnection[] = [];
  const connect = (url: string) => {
    const connection = new DatabaseConnection({
      url,
      poolSize: 2,
      applicationName: 'test',
      connectTimeoutMs: 2_000,
    });
    connections.push(connection);
    return connection;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
    await database.drop();
  });

  it('migrates a fresh database once even when several processes start at once', async () => {
    const racers = [connect(database.url), connect(database.url), connect(database.url)];
    await Promise.all(racers.map((connection) => connection.connect()));

    const applied = await racers[0]!
      .get()
      .query('SELECT name FROM hookline_migrations ORDER BY id');
    expect(applied).toEqual(MIGRATIONS.map((migration) => ({ name: migration.name })));
    await expect(racers[1]!.ping()).resolves.toBeUndefined();
  });

  it('is idempotent: a second connect keeps the open pool', async () => {
    const connection = connect(database.url);
    await connection.connect();
    const first = connection.get();
    await connection.connect();
    expect(connection.get()).toBe(first);
  });

  it('fails with the driver reason when the server is unreachable, and stays disconnected', async () => {
    const unreachable = new URL(database.url);
    unreachable.port = '1';
    const connection = connect(unreachable.toString());
    await expect(connection.connect()).rejects.toThrow(/ECONNREFUSED/);
    expect(connection.isConnected).toBe(false);
    expect(() => connection.get()).toThrow('PostgreSQL is not connected yet');
  });
});
