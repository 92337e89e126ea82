import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
 * shared one serves every other test of the run.
 */
export async function startPrivateKafka(
  settings: { startTimeoutMs?: number } = {},
): Promise<PrivateKafka> {
  const stateDir = join(findWorkspaceRoot(), 'tmp', uniqueName('kafka-'));
  // The shared broker's resolved classpath saves a Maven run.
  mkdirSync(stateDir, { recursive: true });
  const shared = sharedStateDir('kafka');
  for (const name of readdirSync(shared).filter((file) => /^classpath-.*\.txt$/.test(file)))
    copyFileSync(join(shared, name), join(stateDir, name));
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
