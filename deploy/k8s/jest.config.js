import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jestProject } from '../../jest.preset.js';

// Offline checks of files: no Kafka or PostgreSQL needed.
export default jestProject(dirname(fileURLToPath(import.meta.url)), {
  globalSetup: undefined,
  globalTeardown: undefined,
});
