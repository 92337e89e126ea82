import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TOPOLOGY, declareTopology } from '@hookline/contracts';
import { renderStrimziTopics } from './strimzi-manifests.js';

/** Where the committed Strimzi topic manifests live. */
export function manifestsPath(root: string): string {
  return join(root, 'deploy', 'k8s', 'topics', 'kafka-topics.yaml');
}

/** The manifests as they should be committed: the production topology, cluster `hookline`. */
export function renderProductionManifests(): string {
  return renderStrimziTopics(declareTopology(DEFAULT_TOPOLOGY), { clusterName: 'hookline' });
}

/**
 * The workspace root (the folder holding nx.json), found from this file's own location so
 * the script works from source (jest) and from dist/, whatever the cwd.
 */
export function workspaceRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Writes the manifests; returns whether the file changed. */
export function writeManifests(root: string = workspaceRoot()): { path: string; changed: boolean } {
  const path = manifestsPath(root);
  const content = renderProductionManifests();
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (previous === content) return { path, changed: false };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return { path, changed: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { path, changed } = writeManifests();
  process.stdout.write(`${changed ? 'wrote' : 'unchanged'} ${path}\n`);
}
