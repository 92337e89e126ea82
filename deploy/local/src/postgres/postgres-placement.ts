import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { LauncherError } from '../launcher-error.js';
import { type PostgresBinaries } from './postgres-binaries.js';
import { type PostgresPaths } from './postgres-cluster.js';
import { blockingDir, type OsUser } from './postgres-os.js';

/** Root-owned, searchable but not listable: each clone's folder inside is named by a hash. */
const PLACEMENT_BASES = ['/var/lib/hookline', join(tmpdir(), 'hookline-root')];
const PLACEMENT_MODE = 0o711;
/** Names the data folder kept outside the state folder; read back by every later call. */
export const DATA_DIR_POINTER = 'data-dir';

export interface ServerPlacement {
  paths: PostgresPaths;
  binaries: PostgresBinaries;
  /** Set when the data (and maybe the binaries) were placed outside the state folder. */
  placedAt?: string;
}

/**
 * As root the server runs as the `postgres` OS user, which must reach its data folder and
 * binaries by path. A clone under a private folder (root's home, mode 700) blocks that, and
 * opening up someone's folder is not ours to do. So the data folder, and a copy of the
 * binaries when they are blocked too, go to a per-clone folder under a root-owned base
 * outside the clone; the state folder keeps the pid file, the log and a pointer to the data.
 */
export function placeServer(
  paths: PostgresPaths,
  binaries: PostgresBinaries,
  user: OsUser | undefined,
  log: (line: string) => void,
): ServerPlacement {
  if (!user) return { paths, binaries };
  const dataBlocked = blockingDir(paths.dataDir, user, [paths.stateDir]);
  const binariesBlocked = blockingDir(binaries.postgres, user);
  if (!dataBlocked && !binariesBlocked) return { paths, binaries };

  const home = placementDir(paths.stateDir);
  let placed = paths;
  if (dataBlocked) {
    placed = { ...paths, dataDir: join(home, 'data') };
    writeFileSync(join(paths.stateDir, DATA_DIR_POINTER), `${placed.dataDir}\n`);
    log(
      `the postgres OS user cannot reach ${paths.stateDir} (${dataBlocked} is private): its data lives in ${placed.dataDir}`,
    );
  }
  return {
    paths: placed,
    binaries: binariesBlocked ? copyBinaries(binaries, home, log) : binaries,
    placedAt: home,
  };
}

/** The data folder a state folder's server uses: `<stateDir>/data`, or where it was placed. */
export function dataDirOf(stateDir: string): string {
  try {
    const pointer = readFileSync(join(stateDir, DATA_DIR_POINTER), 'utf8').trim();
    if (pointer) return pointer;
  } catch {
    /* not placed elsewhere */
  }
  return join(stateDir, 'data');
}

/** Removes what placeServer put outside the state folder (for tests and `infra clean`). */
export function removePlacement(stateDir: string): void {
  const home = placementDirName(stateDir);
  for (const base of PLACEMENT_BASES) rmSync(join(base, home), { recursive: true, force: true });
  rmSync(join(stateDir, DATA_DIR_POINTER), { force: true });
}

function placementDirName(stateDir: string): string {
  let real = resolve(stateDir);
  try {
    real = realpathSync(stateDir);
  } catch {
    /* not created yet */
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 16);
}

function placementDir(stateDir: string): string {
  const failures: string[] = [];
  for (const base of PLACEMENT_BASES) {
    const problem = prepareRootDir(base);
    if (problem) {
      failures.push(problem);
      continue;
    }
    const dir = join(base, placementDirName(stateDir));
    const inner = prepareRootDir(dir);
    if (!inner) return dir;
    failures.push(inner);
  }
  throw new LauncherError(
    `the postgres OS user cannot reach ${stateDir} and no folder outside it could be prepared (${failures.join('; ')}): set HOOKLINE_HOME to a folder it can reach`,
  );
}

/** Creates `dir` as a root-owned 0711 folder, or checks that it is one; returns a problem. */
function prepareRootDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: PLACEMENT_MODE });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return `${dir} is not a folder`;
    if (stat.uid !== 0) return `${dir} is not owned by root`;
    if ((stat.mode & 0o777) !== PLACEMENT_MODE) chmodSync(dir, PLACEMENT_MODE);
    for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
      if ((lstatSync(parent).mode & 0o001) === 0) return `${parent} is not searchable`;
    }
    return undefined;
  } catch (error) {
    return `${dir}: ${(error as Error).message}`;
  }
}

/**
 * The platform package's `native` folder (bin, lib, share; ~60 MB) copied once per clone,
 * again only when the installed package changes. Symlinks are relative and copied as such.
 */
function copyBinaries(
  binaries: PostgresBinaries,
  home: string,
  log: (line: string) => void,
): PostgresBinaries {
  const nativeDir = dirname(dirname(binaries.postgres));
  const target = join(home, 'native');
  const stamp = packageStamp(nativeDir);
  const stampFile = join(home, 'native.stamp');
  const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : undefined;
  if (current !== stamp || !existsSync(join(target, relative(nativeDir, binaries.postgres)))) {
    log(`the postgres OS user cannot reach ${nativeDir}: copying the server binaries to ${target}`);
    rmSync(target, { recursive: true, force: true });
    cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    chmodSync(target, 0o755);
    writeFileSync(stampFile, stamp);
  }
  return {
    postgres: join(target, relative(nativeDir, binaries.postgres)),
    initdb: join(target, relative(nativeDir, binaries.initdb)),
  };
}

function packageStamp(nativeDir: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(dirname(nativeDir), 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return `${manifest.name ?? '?'}@${manifest.version ?? '?'} ${resolve(nativeDir)}`;
  } catch {
    return resolve(nativeDir);
  }
}
