import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jestProject } from '../../jest.preset.js';

// The whole stack and a browser on a loaded machine: generous per-test bounds.
export default jestProject(dirname(fileURLToPath(import.meta.url)), { testTimeout: 240_000 });
