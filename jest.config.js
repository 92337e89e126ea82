// Every project's jest configuration in one run, which is how `npm test` runs them: jest
// spreads all the test files over its workers (the slowest first, from its timings of
// earlier runs) and runs each global setup once, where one jest per project would start
// and set up 20 times and leave a worker idle behind the longest project. Each project
// keeps its own settings (setup, timeouts, test patterns); `--selectProjects libs/kafka
// apps/ingest` runs some of them, `npx nx run <project>:test` one on its own.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

export default {
  projects: ['apps', 'deploy', 'libs', 'tests'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name, 'jest.config.js'))
      .filter((config) => existsSync(config)),
  ),
};
