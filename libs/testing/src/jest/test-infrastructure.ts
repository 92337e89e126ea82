import { ensureKafka, ensurePostgres } from '@hookline/local-infra';
import { planInfra, type InfraMode } from '../infra-mode.js';

export interface ProvidedResource {
  address: string;
  mode: InfraMode;
  /** Started by this call (rather than found running or given). */
  startedHere: boolean;
  release(): Promise<void>;
}

const CONTAINER_IMAGES = { kafka: 'confluentinc/cp-kafka:7.9.0', postgres: 'postgres:18-alpine' };

/** Brings up (or reuses) the Kafka broker the tests will use. */
export async function provideKafka(
  env: Record<string, string | undefined>,
): Promise<ProvidedResource> {
  const mode = planInfra(env).kafka;
  if (mode === 'external')
    return {
      address: env['KAFKA_BROKERS'] ?? '',
      mode,
      startedHere: false,
      release: async () => {},
    };
  if (mode === 'containers') {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(CONTAINER_IMAGES.kafka).withKraft().start();
    return {
      address: `${container.getHost()}:${container.getMappedPort(9093)}`,
      mode,
      startedHere: true,
      release: async () => void (await container.stop()),
    };
  }
  const kafka = await ensureKafka();
  return {
    address: kafka.brokers,
    mode,
    startedHere: kafka.startedHere,
    release: () => kafka.stop(),
  };
}

/** Brings up (or reuses) the PostgreSQL server; `address` is an admin connection URL. */
export async function providePostgres(
  env: Record<string, string | undefined>,
): Promise<ProvidedResource> {
  const mode = planInfra(env).postgres;
  if (mode === 'external')
    return {
      address: env['DATABASE_URL'] ?? '',
      mode,
      startedHere: false,
      release: async () => {},
    };
  if (mode === 'containers') {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(CONTAINER_IMAGES.postgres).start();
    return {
      address: container.getConnectionUri(),
      mode,
      startedHere: true,
      release: async () => void (await container.stop()),
    };
  }
  const postgres = await ensurePostgres();
  return {
    address: postgres.url,
    mode,
    startedHere: postgres.startedHere,
    release: () => postgres.stop(),
  };
}
export { TestEnv } from '../infra-mode.js';
export { InfraLeases } from './infra-leases.js';
export { stopKafka, stopPostgres, stateDir, isProcessAlive } from '@hookline/local-infra';
