// Applies the project's own `testTimeout` (jest.preset.js) in every test file: when jest
// runs several projects in one run (the root jest.config.js, as `npm test` does), it takes
// the timeout from the root configuration only.
import { jest } from '@jest/globals';

jest.setTimeout(globalThis.hooklineTestTimeout);
