import { stateDir } from '../workspace.js';
import {
  DEFAULT_KAFKA_PORT,
  DEFAULT_KAFKA_CONTROLLER_PORT,
  DEFAULT_KAFKA_VERSION,
  TESTED_KAFKA_VERSIONS,
  type KafkaLauncherOptions,
} from './kafka-config.js';

function portFrom(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]?.trim();
  return raw ? Number(raw) : undefined;
}

/**
 * The second broker `npm test` runs the Kafka-facing suites on: the tested version that
 * is not the main broker's, in a state folder of its own, on ports two above the main
 * broker's unless HOOKLINE_KAFKA_MATRIX_PORT / HOOKLINE_KAFKA_MATRIX_CONTROLLER_PORT say
 * otherwise.
 */
export function matrixKafkaOptions(
  env: Record<string, string | undefined> = process.env,
): KafkaLauncherOptions & { version: string } {
  const main = env['HOOKLINE_KAFKA_VERSION']?.trim() || DEFAULT_KAFKA_VERSION;
  const version = TESTED_KAFKA_VERSIONS.find((candidate) => candidate !== main) ?? main;
  return {
    version,
    stateDir: stateDir(`kafka-${version}`),
    port:
      portFrom(env, 'HOOKLINE_KAFKA_MATRIX_PORT') ??
      (portFrom(env, 'HOOKLINE_KAFKA_PORT') ?? DEFAULT_KAFKA_PORT) + 2,
    controllerPort:
      portFrom(env, 'HOOKLINE_KAFKA_MATRIX_CONTROLLER_PORT') ??
      (portFrom(env, 'HOOKLINE_KAFKA_CONTROLLER_PORT') ?? DEFAULT_KAFKA_CONTROLLER_PORT) + 2,
  };
}
