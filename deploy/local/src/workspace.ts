import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder holding nx.json, found by walking up from `start`. */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/**
 * Where local infrastructure keeps its data and logs: `<workspace>/.hookline/<name>`
 * (git-ignored), or under `HOOKLINE_HOME` when set.
 */
export function stateDir(name: string, root: string = findWorkspaceRoot()): string {
  const base = process.env['HOOKLINE_HOME'] ?? join(root, '.hookline');
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
