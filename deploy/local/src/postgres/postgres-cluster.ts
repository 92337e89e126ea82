import { type ChildProcess, spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LauncherError } from '../launcher-error.js';
import { readPidFile } from '../process-control.js';
import { type PostgresBinaries } from './postgres-binaries.js';
import { commandLine, isRunning, type OsUser } from './postgres-os.js';
import { dataDirOf } from './postgres-placement.js';

export const POSTGRES_USER = 'postgres';
export const POSTGRES_PASSWORD = 'postgres';
const MAX_LOG_BYTES = 10 * 1024 * 1024;

export interface PostgresPaths {
  stateDir: string;
  dataDir: string;
  pidFile: string;
  logFile: string;
  lockFile: string;
}

export function postgresPaths(stateDir: string): PostgresPaths {
  const dir = resolve(stateDir);
  return {
    stateDir: dir,
    dataDir: dataDirOf(dir),
    pidFile: join(dir, 'postgres.pid'),
    logFile: join(dir, 'postgres.log'),
    lockFile: join(dir, 'start.lock'),
  };
}

export interface ServerProcess {
  pid: number;
  port: number | undefined;
}

/**
 * The server serving this data folder, if one runs: named by our pid file or, when that is
 * gone, by PostgreSQL's own `postmaster.pid`. A pid only counts when the process is a
 * postgres on this data folder, since pids get reused after a crash or reboot.
 */
export function findServer(paths: PostgresPaths): ServerProcess | undefined {
  const postmaster = readPostmasterPid(paths.dataDir);
  for (const pid of [readPidFile(paths.pidFile), postmaster?.pid]) {
    if (pid === undefined || !isRunning(pid)) continue;
    const argv = commandLine(pid);
    if (argv) {
      const dataArg = argv[argv.indexOf('-D') + 1];
      if (argv.indexOf('-D') < 0 || dataArg === undefined || !samePath(dataArg, paths.dataDir))
        continue;
      const portArg = argv[argv.indexOf('-p') + 1];
      return {
        pid,
        port: argv.includes('-p') && portArg ? Number.parseInt(portArg, 10) : postmaster?.port,
      };
    }
    if (postmaster?.pid === pid) return { pid, port: postmaster.port }; // no procfs: trust the lock file
  }
  return undefined;
}

function samePath(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return resolve(a) === resolve(b) || real(a) === real(b);
}

/** Lines 1 and 4 of PostgreSQL's lock file: the postmaster's pid and port. */
function readPostmasterPid(dataDir: string): ServerProcess | undefined {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number.parseInt(lines[0] ?? '', 10);
    const port = Number.parseInt(lines[3] ?? '', 10);
    return pid > 0 ? { pid, port: port > 0 ? port : undefined } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `postmaster.pid` left by a crash or SIGKILL. PostgreSQL removes one whose pid is dead
 * by itself, but refuses to start when that pid now belongs to another process (common
 * after a container restart), so we remove it once we know no server of ours runs.
 */
export function removeStalePostmasterPid(paths: PostgresPaths, log: (line: string) => void): void {
  const file = join(paths.dataDir, 'postmaster.pid');
  if (!existsSync(file)) return;
  const holder = readPostmasterPid(paths.dataDir);
  if (holder && isRunning(holder.pid)) {
    // Removing the lock of a live server would let a second one corrupt the cluster, so the
    // pid must visibly belong to something else (unreadable argv counts as "can't tell").
    const argv = commandLine(holder.pid);
    if (!argv || argv.some((arg) => samePath(arg, paths.dataDir))) {
      throw new LauncherError(
        `PostgreSQL (pid ${holder.pid}) is using ${paths.dataDir} but was not started by this launcher: stop it first`,
      );
    }
  }
  log(`removing stale ${file}`);
  rmSync(file, { force: true });
}

/** Runs initdb when the data folder holds no cluster yet; returns whether it did. */
export async function initialiseDataDir(
  paths: PostgresPaths,
  binaries: PostgresBinaries,
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<boolean> {
  if (existsSync(join(paths.dataDir, 'PG_VERSION'))) return false;
  if (existsSync(paths.dataDir) && readdirSync(paths.dataDir).length > 0) {
    // No PG_VERSION: an initdb that was killed half-way. Nothing in it is usable.
    log(`removing incomplete data folder ${paths.dataDir}`);
    rmSync(paths.dataDir, { recursive: true, force: true });
  }
  log(`initialising PostgreSQL data folder ${paths.dataDir}`);
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  // Beside the data folder: the postgres OS user reaches that one (see postgres-placement.ts).
  const pwFile = join(dirname(paths.dataDir), `initdb-pw-${process.pid}`);
  writeFileSync(pwFile, `${POSTGRES_PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(paths.dataDir, user.uid, user.gid);
    chownSync(pwFile, user.uid, user.gid);
  }
  const { fd, offset } = openLog(paths.logFile);
  try {
    const args = [
      `--pgdata=${paths.dataDir}`,
      `--username=${POSTGRES_USER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      // C locale: identical sorting on every machine, and no dependency on installed locales.
      '--encoding=UTF8',
      '--locale=C',
      // A throwaway local cluster: skipping the final fsync of every file saves seconds.
      '--no-sync',
      '--no-instructions',
    ];
    const child = spawn(binaries.initdb, args, {
      ...user,
      stdio: ['ignore', fd, fd],
      env: serverEnv(),
    });
    const code = await new Promise<number | string>((done) => {
      child.once('error', (error) => done(error.message));
      child.once('exit', (exitCode, signal) => done(exitCode ?? signal ?? 'unknown'));
    });
    if (code !== 0) {
      rmSync(paths.dataDir, { recursive: true, force: true });
      throw new LauncherError(
        `initdb failed (${code}): ${logTail(paths.logFile, offset)} (log: ${paths.logFile})`,
      );
    }
    return true;
  } finally {
    closeSync(fd);
    rmSync(pwFile, { force: true });
  }
}

export interface StartedServer {
  child: ChildProcess;
  logOffset: number;
}

/**
 * Starts the server detached (own session, output to the log file, not waited for), so it
 * outlives this process and is stopped through its pid file. Unix sockets are off: the
 * URL is TCP, and a socket lock file in /tmp is one more thing a crash can leave behind.
 */
export function spawnServer(
  paths: PostgresPaths,
  binaries: PostgresBinaries,
  user: OsUser | undefined,
  port: number,
): StartedServer {
  const { fd, offset } = openLog(paths.logFile);
  const args = [
    '-D',
    paths.dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    // synchronous_commit stays on: ingest's "durable before acknowledged" and its
    // benchmarks must mean the same here as on a production server.
  ];
  try {
    const child = spawn(binaries.postgres, args, {
      ...user,
      cwd: paths.dataDir,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: serverEnv(),
    });
    child.unref();
    return { child, logOffset: offset };
  } finally {
    closeSync(fd);
  }
}

/** English messages whatever the machine's locale, so the log reads the same everywhere. */
function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
}

/** Opens the log for appending, keeping one previous generation once it grows large. */
function openLog(logFile: string): { fd: number; offset: number } {
  if (existsSync(logFile) && statSync(logFile).size > MAX_LOG_BYTES)
    renameSync(logFile, `${logFile}.1`);
  const fd = openSync(logFile, 'a');
  return { fd, offset: statSync(logFile).size };
}

/** The last non-empty lines written since `offset`, joined into one line. */
export function logTail(logFile: string, offset: number, count = 5): string {
  try {
    const text = readFileSync(logFile).subarray(offset).toString('utf8');
    const lines = text
      .split('\n')
      // Drop the "2026-01-01 12:00:00.000 UTC [123] " prefix: noise in a one-line error.
      .map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, '').trim())
      .filter(Boolean);
    return lines.slice(-count).join(' | ') || '(no output)';
  } catch {
    return '(no log)';
  }
}
