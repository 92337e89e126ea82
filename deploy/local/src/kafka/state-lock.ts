import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LauncherError } from '../launcher-error.js';
import { isProcessAlive } from '../process-control.js';

function tryAcquire(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function holder(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` while holding an exclusive lock file, so parallel callers (several jest
 * projects, `npm start` next to a test run) never format or start the same broker twice.
 * A lock left by a dead process is taken over.
 */
export async function withStateLock<T>(
  lockFile: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let emptySince: number | undefined;
  while (!tryAcquire(lockFile)) {
    const pid = holder(lockFile);
    if (pid === undefined) {
      // The holder writes its pid right after creating the file; give it a moment.
      emptySince ??= Date.now();
      if (Date.now() - emptySince > 2_000) rmSync(lockFile, { force: true });
    } else if (!isProcessAlive(pid)) {
      rmSync(lockFile, { force: true });
    } else if (Date.now() > deadline) {
      throw new LauncherError(
        `another launcher (pid ${pid}) holds ${lockFile}: wait for it or delete the file`,
      );
    }
    await sleep(200);
  }
  try {
    return await work();
  } finally {
    if (holder(lockFile) === process.pid) rmSync(lockFile, { force: true });
  }
}
