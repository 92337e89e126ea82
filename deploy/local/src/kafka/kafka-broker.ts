import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { LauncherError } from '../launcher-error.js';
import { isPortOpen, isProcessAlive, removePidFile } from '../process-control.js';
import { lastConsoleProblem, lastErrorLine, readFrom } from './broker-log.js';
import {
  type KafkaPaths,
  type ResolvedKafkaOptions,
  ensureClusterId,
  kafkaAssetsDir,
} from './kafka-config.js';

// The pieces of running one broker JVM: its flags, storage format, readiness and identity.

/**
 * True unless /proc shows that `pid` is some other program: after a reboot the pid in a
 * stale pid file can belong to anything, and stopKafka must never signal that.
 */
export function isOurBroker(pid: number, paths: KafkaPaths): boolean {
  if (!isProcessAlive(pid)) return false;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(paths.serverProperties);
  } catch {
    return false;
  }
}

/** True once a kafkajs admin gets cluster metadata listing at least one broker. */
export async function clusterAnswers(port: number): Promise<boolean> {
  const kafka = new kafkajs.Kafka({
    clientId: 'hookline-kafka-launcher',
    brokers: [`127.0.0.1:${port}`],
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Why the broker failed, from its logs: ': <last error> (see <log>)', or ' (see <log>)'. */
export function brokerFailure(paths: KafkaPaths, serverLogOffset: number, exited: boolean): string {
  const reason =
    lastErrorLine(readFrom(paths.serverLog, serverLogOffset)) ??
    lastErrorLine(readFrom(paths.consoleLog)) ??
    // A JVM that died before log4j was up left only its console; a live one may just be slow.
    (exited ? lastConsoleProblem(readFrom(paths.consoleLog)) : undefined);
  return `${reason ? `: ${reason}` : ''} (see ${paths.serverLog})`;
}

export interface WaitContext {
  pid: number;
  port: number;
  timeoutMs: number;
  paths: KafkaPaths;
  serverLogOffset: number;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

/** Waits until the broker serves metadata; throws when it dies or the time is up. */
export async function waitForBroker(context: WaitContext): Promise<boolean> {
  const { pid, port, timeoutMs, paths } = context;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (context.exit || !isProcessAlive(pid)) {
      removePidFile(paths.pidFile);
      const how = context.exit ? ` (exit ${context.exit.code ?? context.exit.signal})` : '';
      throw new LauncherError(
        `the Kafka broker exited during start${how}${brokerFailure(paths, context.serverLogOffset, true)}`,
      );
    }
    if ((await isPortOpen(port)) && (await clusterAnswers(port))) return true;
    await sleep(250);
  }
  return false;
}

export function jvmOptions(paths: KafkaPaths, heapMb: number): string[] {
  return [
    `-Xms${Math.min(256, heapMb)}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(kafkaAssetsDir(), 'log4j.properties')}`,
    `-Dlog4j2.configurationFile=file:${join(kafkaAssetsDir(), 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${paths.logsDir}`,
  ];
}

/** `kafka-storage format`, once per state folder (KRaft refuses to start on unformatted dirs). */
export async function formatStorage(
  java: string,
  classpath: string,
  options: ResolvedKafkaOptions,
  paths: KafkaPaths,
): Promise<void> {
  if (existsSync(join(paths.dataDir, 'meta.properties'))) return;
  const clusterId = ensureClusterId(paths.clusterIdFile);
  options.log(`formatting Kafka storage in ${paths.dataDir} (cluster id ${clusterId})`);
  const args = [
    ...jvmOptions(paths, 256),
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    paths.serverProperties,
  ];
  await new Promise<void>((resolve, reject) => {
    execFile(java, args, { cwd: paths.stateDir, timeout: 120_000 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const output = `${stdout}\n${stderr}`;
      const reason = lastErrorLine(output) ?? lastConsoleProblem(output) ?? error.message;
      reject(new LauncherError(`could not format Kafka storage in ${paths.dataDir}: ${reason}`));
    });
  });
}
