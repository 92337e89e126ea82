// `migrate`: runs the database migrations and exits (0 done, 1 failed, 78 bad configuration).
// The image's entry runs it for a Kubernetes Job before the apps roll out.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { standaloneServiceLogger } from '@hookline/observability';
import { ConfigError } from '../config/service-config.js';
import { loadMigrationConfig } from './migration-config.js';
import { runMigrations } from './run-migrations.js';

let config;
try {
  config = loadMigrationConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
const logger = standaloneServiceLogger({ service: 'migrate', level: config.logLevel });
Logger.overrideLogger(logger);
try {
  const { applied } = await runMigrations(config.database);
  logger.log(`schema up to date (${applied.length} migrations)`, 'Migrate');
} catch (error) {
  logger.error(`migrations failed: ${String((error as Error)?.message ?? error)}`, 'Migrate');
  process.exitCode = 1;
}
