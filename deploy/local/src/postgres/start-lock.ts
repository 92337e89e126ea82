import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LauncherError } from '../launcher-error.js';
import { readPidFile } from '../process-control.js';
import { isRunning } from './postgres-os.js';

/**
 * Runs `work` holding an exclusive lock file, so that processes starting at the same time
 * (parallel jest runs, `npm start` next to a test run) do not both spawn a server on the
 * same data folder: the second one waits and then finds the first one's server running.
 * A lock whose holder died is taken over.
 */
export async function withStartLock<T>(
  lockFile: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (tryLock(lockFile)) break;
    const holder = readPidFile(lockFile);
    if (holder === undefined ? ageMs(lockFile) > 2_000 : !isRunning(holder)) {
      rmSync(lockFile, { force: true }); // stale (or never completed) lock
      continue;
    }
    if (Date.now() > deadline) {
      throw new LauncherError(
        `another process (pid ${holder ?? '?'}) is starting PostgreSQL and did not finish; if it hangs, remove ${lockFile}`,
      );
    }
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function tryLock(lockFile: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
