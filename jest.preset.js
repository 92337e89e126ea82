// Shared jest settings: native ESM (NestJS 12 ships ES modules only), TypeScript through
// swc with decorator metadata, and `@hookline/*` resolved to each library's source.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    join(root, target),
  ]),
);

/** @param {string} projectDir @param {Partial<import('jest').Config>} overrides */
export function jestProject(projectDir, overrides = {}) {
  const testTimeout = overrides.testTimeout ?? 60_000;
  return {
    displayName: projectDir.slice(root.length + 1),
    rootDir: projectDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    testMatch: [
      '<rootDir>/src/**/*.spec.ts',
      '<rootDir>/src/**/*.int-spec.ts',
      '<rootDir>/src/**/*.e2e-spec.ts',
    ],
    moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: {
              legacyDecorator: true,
              decoratorMetadata: true,
              useDefineForClassFields: false,
            },
            target: 'es2023',
            keepClassNames: true,
          },
          module: { type: 'es6' },
        },
      ],
    },
    globalSetup: join(root, 'libs/testing/src/jest/global-setup.mjs'),
    globalTeardown: join(root, 'libs/testing/src/jest/global-teardown.mjs'),
    testTimeout,
    // The same bound, set by each test file (test-timeout.mjs): a run of several projects
    // at once reads `testTimeout` from the root configuration only.
    globals: { hooklineTestTimeout: testTimeout },
    setupFilesAfterEnv: [join(root, 'libs/testing/src/jest/test-timeout.mjs')],
    ...overrides,
  };
}
