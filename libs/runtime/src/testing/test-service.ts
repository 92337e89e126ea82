import { type DynamicModule } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ServiceName } from '@hookline/contracts';
import {
  createTestDatabase,
  testInfrastructure,
  uniqueName,
  type TestDatabase,
} from '@hookline/testing';
import kafkajs from 'kafkajs';
import { createServiceApp, type ServiceAppOptions } from '../bootstrap.js';
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
  options: ServiceAppOptions = {},
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
    // One broker: keep the per-test topology small.
    HOOKLINE_TOPIC_PARTITIONS: '2',
    HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
    HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
    ...env,
  });
  const app = await createServiceApp(moduleFor(config), config, options);
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
      await Promise.all([
        database.drop(),
        deleteTopicsWithPrefix(kafkaBrokers, config.kafka.topicPrefix),
      ]);
    },
  };
}

/** Removes a test service's topics so repeated runs do not pile them up on the broker. */
async function deleteTopicsWithPrefix(brokers: string, prefix: string): Promise<void> {
  const admin = new kafkajs.Kafka({
    brokers: brokers.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
