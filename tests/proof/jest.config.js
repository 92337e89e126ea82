import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jestProject } from '../../jest.preset.js';

// `npm test` runs the quick fault cases only (one file); `npm run test:faults` runs every
// case, one file at a time (jest.faults.config.js).
export default jestProject(dirname(fileURLToPath(import.meta.url)), {
  testMatch: ['<rootDir>/src/faults/quick/**/*.e2e-spec.ts', '<rootDir>/src/**/*.spec.ts'],
  testTimeout: 240_000,
});
