import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jestProject } from '../../jest.preset.js';

// Only pure logic here: the harness itself is exercised by every integration test.
export default jestProject(dirname(fileURLToPath(import.meta.url)), {
  globalSetup: undefined,
  globalTeardown: undefined,
});
