import { type DynamicModule } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ServiceName } from '@hookline/contracts';
import {
  createTestDatabase,
  testInfrastructure,
  uniqueName,
  type TestDatabase,
} from '@hookline/testing';
import { createServiceApp } from '../bootstrap.js';
import { loadServiceConfig, type ServiceConfig } from '../config/service-config.js';

export interface TestService {
  app: NestFastifyApplication;
  url: string;
  config: ServiceConfig;
  database: TestDatabase;
  /** Shuts the service down as SIGTERM would (idempotent). */
  stop(): Promise<void>;
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

/**
 * Boots one service against the real broker and a fresh database, with a topic prefix
 * of its own, listening on a free port on 127.0.0.1.
 */
export async function startTestService(
  service: ServiceName,
  moduleFor: (config: ServiceConfig) => DynamicModule,
  env: Record<string, string> = {},
): Promise<TestService> {
  const { kafkaBrokers } = testInfrastructure();
  const database = await createTestDatabase();
  const config = loadServiceConfig(service, {
    KAFKA_BROKERS: kafkaBrokers,
    DATABASE_URL: database.url,
    HOOKLINE_TOPIC_PREFIX: uniqueName(),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const app = await createServiceApp(moduleFor(config), config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= app.close());
  return {
    app,
    url: url.replace('[::1]', '127.0.0.1'),
    config,
    database,
    stop,
    close: async () => {
      await stop();
      await database.drop();
    },
  };
}
