import { DatabaseConnection, type DatabaseOptions } from '@hookline/persistence';

export interface MigrationOutcome {
  /** Every migration the schema now has, oldest first. */
  applied: string[];
}

/**
 * Brings the schema up to date and closes the pool: what every service does at start,
 * under the same advisory lock, so a migration Job and starting services never race.
 */
export async function runMigrations(options: DatabaseOptions): Promise<MigrationOutcome> {
  const connection = new DatabaseConnection(options);
  try {
    await connection.connect();
    const rows: { name: string }[] = await connection
      .get()
      .query('SELECT name FROM hookline_migrations ORDER BY id');
    return { applied: rows.map((row) => row.name) };
  } finally {
    await connection.close();
  }
}
