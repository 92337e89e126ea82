import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jestProject } from '../../jest.preset.js';

// Every fault-injection case (`npm run test:faults`), one file at a time.
export default jestProject(dirname(fileURLToPath(import.meta.url)), {
  testMatch: ['<rootDir>/src/faults/**/*.e2e-spec.ts'],
  maxWorkers: 1,
  testTimeout: 300_000,
});
