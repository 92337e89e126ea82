import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASYNCAPI_PATH, renderAsyncApi } from '../asyncapi/asyncapi-document.js';
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

const root = workspaceRoot();
const files: [path: string, content: string][] = [
  ...Object.entries(renderJsonSchemas()).map(
    ([file, content]) => [join(JSON_SCHEMA_DIRECTORY, file), content] as [string, string],
  ),
  [ASYNCAPI_PATH, renderAsyncApi()],
];
for (const [relative, content] of files) {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  const changed = !existsSync(path) || readFileSync(path, 'utf8') !== content;
  if (changed) writeFileSync(path, content);
  console.log(`${changed ? 'wrote' : 'unchanged'} ${relative}`);
}
