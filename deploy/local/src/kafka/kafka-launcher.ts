import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LauncherError } from '../launcher-error.js';
import {
  isPortFree,
  isPortOpen,
  readPidFile,
  removePidFile,
  stopProcess,
  writePidFile,
} from '../process-control.js';
import { fileSize } from './broker-log.js';
import {
  type WaitContext,
  brokerFailure,
  formatStorage,
  isOurBroker,
  jvmOptions,
  waitForBroker,
} from './kafka-broker.js';
import { checkJava, kafkaClasspath } from './kafka-classpath.js';
import {
  DEFAULT_KAFKA_VERSION,
  TESTED_KAFKA_VERSIONS,
  type KafkaLauncherOptions,
  type KafkaPaths,
  type ResolvedKafkaOptions,
  kafkaAssetsDir,
  kafkaPaths,
  readConfiguredPorts,
  renderServerProperties,
  resolveKafkaOptions,
} from './kafka-config.js';
import { withStateLock } from './state-lock.js';

export { DEFAULT_KAFKA_VERSION, TESTED_KAFKA_VERSIONS, type KafkaLauncherOptions };

export interface RunningKafka {
  /** bootstrap address for clients, e.g. '127.0.0.1:19092' */
  brokers: string;
  version: string;
  pid: number;
  /** false when an already running broker was reused */
  startedHere: boolean;
  /** Stops the broker if this call started it; a no-op for a reused one. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 30_000;
/** How long to queue behind another launcher that may be downloading jars. */
const LOCK_WAIT_EXTRA_MS = 10 * 60_000;

/** The version a running broker was started with (brokers of older launchers ran 3.9.2). */
function recordedVersion(paths: KafkaPaths): string {
  try {
    return readFileSync(paths.versionFile, 'utf8').trim() || '3.9.2';
  } catch {
    return '3.9.2';
  }
}

/** The broker the pid file names, if it is still running; a stale pid file is removed. */
function recordedBroker(
  paths: KafkaPaths,
  options: ResolvedKafkaOptions,
): { pid: number; port: number; version: string } | undefined {
  const pid = readPidFile(paths.pidFile);
  if (pid === undefined) return undefined;
  if (!isOurBroker(pid, paths)) {
    options.log(`removing stale Kafka pid file (pid ${pid} is no longer this folder's broker)`);
    removePidFile(paths.pidFile);
    return undefined;
  }
  return {
    pid,
    port: readConfiguredPorts(paths.serverProperties)?.port ?? options.port,
    version: recordedVersion(paths),
  };
}

async function assertPortFree(port: number, hint: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new LauncherError(`port ${port} is in use by another process: free it or set ${hint}`);
  }
}

function handle(
  broker: { pid: number; port: number; version: string },
  startedHere: boolean,
  paths: KafkaPaths,
): RunningKafka {
  const { pid, port, version } = broker;
  return {
    brokers: `127.0.0.1:${port}`,
    version,
    pid,
    startedHere,
    async stop() {
      if (!startedHere) return;
      if (isOurBroker(pid, paths)) await stopProcess(pid, STOP_GRACE_MS);
      if (readPidFile(paths.pidFile) === pid) removePidFile(paths.pidFile);
    },
  };
}

async function startBroker(
  options: ResolvedKafkaOptions,
  paths: KafkaPaths,
): Promise<RunningKafka> {
  const { port, controllerPort, version } = options;
  await assertPortFree(port, 'HOOKLINE_KAFKA_PORT / KAFKA_BROKERS');
  await assertPortFree(controllerPort, 'HOOKLINE_KAFKA_CONTROLLER_PORT');
  const java = await checkJava();
  const classpath = await kafkaClasspath(
    join(kafkaAssetsDir(), 'pom.xml'),
    options.stateDir,
    options.log,
    version,
  );

  mkdirSync(paths.dataDir, { recursive: true });
  mkdirSync(paths.logsDir, { recursive: true });
  writeFileSync(
    paths.serverProperties,
    renderServerProperties({ port, controllerPort, dataDir: paths.dataDir }),
  );
  await formatStorage(java, classpath, options, paths);

  options.log(`starting Kafka ${version} on 127.0.0.1:${port} (logs in ${paths.logsDir})`);
  const started = Date.now();
  const serverLogOffset = fileSize(paths.serverLog);
  const consoleFd = openSync(paths.consoleLog, 'w');
  const child = spawn(
    java,
    [...jvmOptions(paths, options.heapMb), '-cp', classpath, 'kafka.Kafka', paths.serverProperties],
    // Detached in its own process group so it outlives `npm start` and the test runner.
    { cwd: paths.stateDir, detached: true, stdio: ['ignore', consoleFd, consoleFd] },
  );
  closeSync(consoleFd);
  // Without a listener a failed spawn would surface as an uncaught 'error' event.
  child.on('error', () => undefined);
  child.unref();
  if (child.pid === undefined)
    throw new LauncherError(`could not start the Kafka broker with ${java}`);
  writePidFile(paths.pidFile, child.pid);
  writeFileSync(paths.versionFile, `${version}\n`);
  const context: WaitContext = {
    pid: child.pid,
    port,
    timeoutMs: options.startTimeoutMs,
    paths,
    serverLogOffset,
  };
  child.once('exit', (code, signal) => (context.exit = { code, signal }));

  if (!(await waitForBroker(context))) {
    await stopProcess(child.pid, 10_000);
    removePidFile(paths.pidFile);
    rmSync(paths.versionFile, { force: true });
    throw new LauncherError(
      `the Kafka broker did not become ready on 127.0.0.1:${port} within ${Math.round(options.startTimeoutMs / 1000)} s${brokerFailure(paths, serverLogOffset, false)}`,
    );
  }
  options.log(
    `Kafka is ready on 127.0.0.1:${port} (pid ${child.pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return handle({ pid: child.pid, port, version }, true, paths);
}

/**
 * Returns the local Kafka broker for this state folder, starting it when none is running.
 * The broker is detached: it keeps running after this process exits until stopKafka.
 */
export async function ensureKafka(options: KafkaLauncherOptions = {}): Promise<RunningKafka> {
  const resolved = resolveKafkaOptions(options);
  const paths = kafkaPaths(resolved.stateDir, resolved.version);
  return withStateLock(paths.lockFile, resolved.startTimeoutMs + LOCK_WAIT_EXTRA_MS, async () => {
    const running = recordedBroker(paths, resolved);
    if (!running) return startBroker(resolved, paths);
    if (running.port !== resolved.port) {
      throw new LauncherError(
        `the Kafka broker from ${paths.stateDir} (pid ${running.pid}) listens on port ${running.port}, not ${resolved.port}: stop it first or use port ${running.port}`,
      );
    }
    if (running.version !== resolved.version) {
      throw new LauncherError(
        `the Kafka broker from ${paths.stateDir} (pid ${running.pid}) runs Kafka ${running.version}, not ${resolved.version}: stop it first (npm run infra -- down) or set HOOKLINE_KAFKA_VERSION=${running.version}`,
      );
    }
    // Normally it answers at once; a broker that is still recovering its logs gets the start timeout.
    const context = {
      pid: running.pid,
      port: running.port,
      timeoutMs: resolved.startTimeoutMs,
      paths,
      serverLogOffset: 0,
    };
    if (!(await isPortOpen(running.port)) && !(await waitForBroker(context))) {
      throw new LauncherError(
        `the Kafka broker from ${paths.stateDir} (pid ${running.pid}) is running but not answering on 127.0.0.1:${running.port}: stop it and retry`,
      );
    }
    resolved.log(`reusing Kafka on 127.0.0.1:${running.port} (pid ${running.pid})`);
    return handle(running, false, paths);
  });
}

/** Stops the broker named by the state folder's pid file, whoever started it. */
export async function stopKafka(options: KafkaLauncherOptions = {}): Promise<boolean> {
  const resolved = resolveKafkaOptions(options);
  const paths = kafkaPaths(resolved.stateDir);
  const pid = readPidFile(paths.pidFile);
  if (pid === undefined) return false;
  if (!isOurBroker(pid, paths)) {
    removePidFile(paths.pidFile);
    return false;
  }
  resolved.log(`stopping Kafka (pid ${pid})`);
  const graceful = await stopProcess(pid, STOP_GRACE_MS);
  if (!graceful)
    resolved.log(`Kafka did not shut down within ${STOP_GRACE_MS / 1000} s and was killed`);
  removePidFile(paths.pidFile);
  return true;
}

export async function kafkaStatus(
  options: KafkaLauncherOptions = {},
): Promise<{ running: boolean; pid?: number; brokers?: string }> {
  const resolved = resolveKafkaOptions(options);
  const paths = kafkaPaths(resolved.stateDir);
  const pid = readPidFile(paths.pidFile);
  if (pid === undefined || !isOurBroker(pid, paths)) return { running: false };
  const port = readConfiguredPorts(paths.serverProperties)?.port ?? resolved.port;
  return (await isPortOpen(port))
    ? { running: true, pid, brokers: `127.0.0.1:${port}` }
    : { running: false, pid };
}
