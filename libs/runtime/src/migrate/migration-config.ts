import { type DatabaseOptions } from '@hookline/persistence';
import { type HooklineLogLevel } from '@hookline/observability';
import { z } from 'zod';
import { ConfigError } from '../config/service-config.js';

/** What `migrate` reads: only PostgreSQL; it needs no Kafka and serves no HTTP. */
const MigrationEnvSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
});

export interface MigrationConfig {
  database: DatabaseOptions;
  logLevel: HooklineLogLevel;
}

export function loadMigrationConfig(
  env: Record<string, string | undefined> = process.env,
): MigrationConfig {
  const parsed = MigrationEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0] ?? '')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration for migrate: ${problems.join('; ')}`);
  }
  return {
    database: {
      url: parsed.data.DATABASE_URL,
      // One connection runs the migrations, one holds the advisory lock.
      poolSize: 2,
      applicationName: 'hookline-migrate',
      connectTimeoutMs: 5_000,
    },
    logLevel: parsed.data.LOG_LEVEL,
  };
}
