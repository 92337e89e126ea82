/**
 * Where tests get Kafka and PostgreSQL from, per resource:
 * - `external`: the environment names one (`KAFKA_BROKERS`, `DATABASE_URL`);
 * - `containers`: `HOOKLINE_TEST_INFRA=containers` and a Docker engine (testcontainers);
 * - `embedded`: the project's own launchers (the default; no Docker needed).
 */
export type InfraMode = 'external' | 'containers' | 'embedded';

export interface InfraPlan {
  kafka: InfraMode;
  postgres: InfraMode;
}

export function planInfra(env: Record<string, string | undefined>): InfraPlan {
  const requested = env['HOOKLINE_TEST_INFRA'] ?? 'embedded';
  if (requested !== 'embedded' && requested !== 'containers') {
    throw new Error(`HOOKLINE_TEST_INFRA must be "embedded" or "containers", not "${requested}"`);
  }
  return {
    kafka: env['KAFKA_BROKERS'] ? 'external' : requested,
    postgres: env['DATABASE_URL'] ? 'external' : requested,
  };
}

/** Names of the variables the global setup hands to test workers. */
export const TestEnv = {
  kafkaBrokers: 'HOOKLINE_TEST_KAFKA_BROKERS',
  databaseAdminUrl: 'HOOKLINE_TEST_DATABASE_URL',
} as const;
