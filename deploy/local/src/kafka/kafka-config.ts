import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LauncherError } from '../launcher-error.js';
import { findWorkspaceRoot, stateDir as defaultStateDir } from '../workspace.js';

/**
 * The broker the launcher runs unless HOOKLINE_KAFKA_VERSION says otherwise: the newest
 * Kafka 4.x on Maven Central. Must match the default `<kafka.version>` in
 * deploy/local/kafka/pom.xml (the int-spec checks it).
 */
export const DEFAULT_KAFKA_VERSION = '4.4.0';
/** What `npm test` runs the Kafka-facing suites on: the default and the last 3.x line. */
export const TESTED_KAFKA_VERSIONS = [DEFAULT_KAFKA_VERSION, '3.9.2'] as const;
/** Releases the launcher knows how to run (KRaft, one combined node, SLF4J 1.7 logging). */
const RUNNABLE_KAFKA_VERSION = /^(?:3\.9|4\.\d+)\.\d+$/;

export const DEFAULT_KAFKA_PORT = 19092;
export const DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
export const DEFAULT_KAFKA_HEAP_MB = 768;
export const DEFAULT_KAFKA_START_TIMEOUT_MS = 90_000;

export interface KafkaLauncherOptions {
  /** Kafka release to run, 3.9.x or 4.x; default DEFAULT_KAFKA_VERSION or HOOKLINE_KAFKA_VERSION. */
  version?: string;
  /** Broker (PLAINTEXT) listener; default 19092 or HOOKLINE_KAFKA_PORT. */
  port?: number;
  /** KRaft controller listener; default 19093 or HOOKLINE_KAFKA_CONTROLLER_PORT. */
  controllerPort?: number;
  /** Where config, data, logs and the pid file live; default `stateDir('kafka')`. */
  stateDir?: string;
  /** JVM max heap; default 768 or HOOKLINE_KAFKA_HEAP_MB. */
  heapMb?: number;
  /** How long to wait for the broker to answer; default 90 s. */
  startTimeoutMs?: number;
  /** Progress lines for people; silent by default. */
  log?: (line: string) => void;
}

export interface ResolvedKafkaOptions {
  version: string;
  port: number;
  controllerPort: number;
  stateDir: string;
  heapMb: number;
  startTimeoutMs: number;
  log: (line: string) => void;
}

/** Every file the launcher keeps in the state folder. */
export interface KafkaPaths {
  stateDir: string;
  serverProperties: string;
  /** One per Kafka version: a newer broker rewrites its metadata so an older one cannot read it. */
  dataDir: string;
  /** The version of the broker the pid file names. */
  versionFile: string;
  logsDir: string;
  pidFile: string;
  lockFile: string;
  clusterIdFile: string;
  /** The broker's stdout/stderr (JVM failures land here, not in server.log). */
  consoleLog: string;
  /** log4j's file appender, see deploy/local/kafka/log4j.properties. */
  serverLog: string;
}

/** deploy/local/kafka, found from this module so the cwd does not matter. */
export function kafkaAssetsDir(): string {
  const root = findWorkspaceRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root, 'deploy/local/kafka');
}

function envInt(name: string, min: number, max: number): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LauncherError(
      `${name} must be a whole number between ${min} and ${max}, got '${raw}'`,
    );
  }
  return value;
}

/** Throws unless `version` names a Kafka release the launcher can run. */
export function checkKafkaVersion(version: string, source: string): string {
  if (!RUNNABLE_KAFKA_VERSION.test(version)) {
    throw new LauncherError(
      `${source} must be a Kafka 3.9.x or 4.x release such as ${TESTED_KAFKA_VERSIONS.join(' or ')}, got '${version}'`,
    );
  }
  return version;
}

export function resolveKafkaOptions(options: KafkaLauncherOptions = {}): ResolvedKafkaOptions {
  const fromEnv = process.env['HOOKLINE_KAFKA_VERSION']?.trim();
  const version = options.version
    ? checkKafkaVersion(options.version, 'the Kafka version')
    : fromEnv
      ? checkKafkaVersion(fromEnv, 'HOOKLINE_KAFKA_VERSION')
      : DEFAULT_KAFKA_VERSION;
  const port = options.port ?? envInt('HOOKLINE_KAFKA_PORT', 1, 65_535) ?? DEFAULT_KAFKA_PORT;
  const controllerPort =
    options.controllerPort ??
    envInt('HOOKLINE_KAFKA_CONTROLLER_PORT', 1, 65_535) ??
    DEFAULT_KAFKA_CONTROLLER_PORT;
  if (port === controllerPort) {
    throw new LauncherError(`the Kafka broker and controller ports must differ (both are ${port})`);
  }
  const dir = options.stateDir ? resolve(options.stateDir) : defaultStateDir('kafka');
  mkdirSync(dir, { recursive: true });
  return {
    version,
    port,
    controllerPort,
    stateDir: dir,
    heapMb:
      options.heapMb ?? envInt('HOOKLINE_KAFKA_HEAP_MB', 128, 1_048_576) ?? DEFAULT_KAFKA_HEAP_MB,
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_KAFKA_START_TIMEOUT_MS,
    log: options.log ?? (() => undefined),
  };
}

export function kafkaPaths(stateDir: string, version: string = DEFAULT_KAFKA_VERSION): KafkaPaths {
  const logsDir = join(stateDir, 'logs');
  return {
    stateDir,
    serverProperties: join(stateDir, 'server.properties'),
    dataDir: join(stateDir, `data-${version}`),
    versionFile: join(stateDir, 'kafka.version'),
    logsDir,
    pidFile: join(stateDir, 'kafka.pid'),
    lockFile: join(stateDir, 'launcher.lock'),
    clusterIdFile: join(stateDir, 'cluster-id'),
    consoleLog: join(logsDir, 'console.log'),
    serverLog: join(logsDir, 'server.log'),
  };
}

/** Java properties treat backslashes as escapes; nothing else in a path needs quoting. */
function propertyValue(value: string): string {
  return value.replaceAll('\\', '\\\\');
}

export function renderServerProperties(options: {
  port: number;
  controllerPort: number;
  dataDir: string;
}): string {
  const { port, controllerPort, dataDir } = options;
  const settings: [string, string | number | boolean][] = [
    // One node that is both the KRaft controller and the broker.
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@127.0.0.1:${controllerPort}`],
    ['listeners', `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`],
    // Only the broker listener is advertised: clients must never reach the controller.
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${port}`],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['log.dirs', propertyValue(dataDir)],
    // A single replica is all there is; internal topics must not ask for more.
    ['num.partitions', 3],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    ['offsets.topic.replication.factor', 1],
    // Fewer offsets partitions make the first consumer group join faster on a laptop.
    ['offsets.topic.num.partitions', 10],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 10],
    // Tests start consumers constantly; the default 3 s delay would stall every group.
    ['group.initial.rebalance.delay.ms', 0],
    // Topics are provisioned by the app; a typo must fail, not create a topic.
    ['auto.create.topics.enable', false],
    ['delete.topic.enable', true],
  ];
  const lines = settings.map(([key, value]) => `${key}=${String(value)}`);
  return `# Written by deploy/local/src/kafka/kafka-launcher.ts on every start; edits are overwritten.\n${lines.join('\n')}\n`;
}

/** The ports a previously written server.properties uses, to find a broker started with other options. */
export function readConfiguredPorts(
  serverProperties: string,
): { port: number; controllerPort: number } | undefined {
  let text: string;
  try {
    text = readFileSync(serverProperties, 'utf8');
  } catch {
    return undefined;
  }
  const listeners = /^listeners=(.*)$/m.exec(text)?.[1] ?? '';
  const port = /PLAINTEXT:\/\/[^,]*:(\d+)/.exec(listeners)?.[1];
  const controllerPort = /CONTROLLER:\/\/[^,]*:(\d+)/.exec(listeners)?.[1];
  if (!port || !controllerPort) return undefined;
  return { port: Number(port), controllerPort: Number(controllerPort) };
}

/** A Kafka-style cluster id (base64url of 16 random bytes), created once per state folder. */
export function ensureClusterId(clusterIdFile: string): string {
  if (existsSync(clusterIdFile)) {
    const existing = readFileSync(clusterIdFile, 'utf8').trim();
    if (existing) return existing;
  }
  let id: string;
  // Kafka's own generator skips ids that start with '-' because CLIs would read them as flags.
  do id = randomBytes(16).toString('base64url');
  while (id.startsWith('-'));
  writeFileSync(clusterIdFile, `${id}\n`);
  return id;
}
