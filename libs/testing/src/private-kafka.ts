import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ensureKafka,
  findWorkspaceRoot,
  isProcessAlive,
  stateDir as sharedStateDir,
  stopKafka,
  waitUntil,
} from '@hookline/local-infra';
import { freePort } from './tcp-proxy.js';
import { uniqueName } from './test-context.js';

export interface PrivateKafka {
  brokers: string;
  /** Stops the broker (as an outage would) and resolves once it is down. */
  stop(): Promise<void>;
  /** SIGKILLs the broker (a crash: no clean shutdown) and resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it serves metadata. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

/**
 * A broker of the test's own, on free ports, for tests that take the broker away: the
 * shared one serves every other test of the run. It runs the launcher's version:
 * HOOKLINE_KAFKA_VERSION, which `npm test` sets to the second broker's for its run of the
 * Kafka-facing suites on that broker.
 */
export async function startPrivateKafka(
  settings: { startTimeoutMs?: number } = {},
): Promise<PrivateKafka> {
  const stateDir = join(findWorkspaceRoot(), 'tmp', uniqueName('kafka-'));
  // The shared brokers' resolved classpaths (the main one's and the matrix one's, one per
  // version) save a Maven run; the launcher keeps the one of its version.
  mkdirSync(stateDir, { recursive: true });
  const home = dirname(sharedStateDir('kafka'));
  const folders = readdirSync(home, { withFileTypes: true }).filter(
    (entry) => entry.isDirectory() && /^kafka(-[\w.]+)?$/.test(entry.name),
  );
  for (const { name: folder } of folders) {
    const shared = join(home, folder);
    for (const name of readdirSync(shared).filter((file) => /^classpath-.*\.txt$/.test(file)))
      copyFileSync(join(shared, name), join(stateDir, name));
  }
  const options = {
    stateDir,
    port: await freePort(),
    controllerPort: await freePort(),
    heapMb: 256,
    ...settings,
  };
  let running = await ensureKafka(options);
  const stop = async () => void (await stopKafka(options));
  return {
    brokers: running.brokers,
    stop,
    kill: async () => {
      const { pid } = running;
      if (!isProcessAlive(pid)) return;
      process.kill(pid, 'SIGKILL');
      await waitUntil(() => !isProcessAlive(pid), 30_000, 100);
    },
    start: async () => void (running = await ensureKafka(options)),
    remove: async () => {
      await stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
