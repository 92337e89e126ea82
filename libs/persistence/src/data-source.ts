import { DataSource } from 'typeorm';
import { type DatabaseOptions } from './database.options.js';
import { MIGRATIONS } from './migrations/index.js';
import { ServiceInstance } from './service-instances/service-instance.entity.js';

export const ENTITIES = [ServiceInstance];

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    poolSize: options.poolSize,
    connectTimeoutMS: options.connectTimeoutMs,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'hookline_migrations',
    // Every migration in its own transaction, so a failure leaves the schema at a known step.
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
  });
}
