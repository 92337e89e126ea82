import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_DIRECTORY, renderJsonSchemas } from './json-schemas.js';

/** The folder holding nx.json, found from this file so it works from source and from dist/. */
function workspaceRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const directory = join(workspaceRoot(), JSON_SCHEMA_DIRECTORY);
mkdirSync(directory, { recursive: true });
for (const [file, content] of Object.entries(renderJsonSchemas())) {
  const path = join(directory, file);
  const changed = !existsSync(path) || readFileSync(path, 'utf8') !== content;
  if (changed) writeFileSync(path, content);
  console.log(`${changed ? 'wrote' : 'unchanged'} ${join(JSON_SCHEMA_DIRECTORY, file)}`);
}
