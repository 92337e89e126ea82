/** What the persistence layer needs to know, filled in from the service's configuration. */
export interface DatabaseOptions {
  /** postgres:// connection string. */
  url: string;
  /** Connections in the pool. */
  poolSize: number;
  /** Shown in pg_stat_activity, so an operator can tell the services apart. */
  applicationName: string;
  /** Connect timeout per attempt. */
  connectTimeoutMs: number;
}

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
