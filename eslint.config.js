// Lint rules for the whole workspace. Module boundaries are enforced by Nx tags:
// apps may import libs, `contracts` imports nothing of ours, no app imports another app.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.hookline/**', '**/coverage/**', '**/tmp/**'],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // Tells consistent-type-imports that constructor parameter types feed Nest's DI
    // metadata and must stay value imports.
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|test)$/]",
          message: 'Focused tests skip the rest of the suite.',
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:runtime',
                'type:data-access',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:data-access',
              // type:testing only ever from *.int-spec.ts files.
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:tooling', 'type:util', 'type:contracts'],
            },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Deployment manifests are checked against what the services read (type:testing:
            // the tool gates of their specs).
            {
              sourceTag: 'type:deploy',
              onlyDependOnLibsWithTags: [
                'type:runtime',
                'type:data-access',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            // The whole-pipeline tests run the compiled services as processes; they import libs only.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'] },
            // The benchmarks and fault suite also start Kafka and PostgreSQL with the launchers.
            {
              sourceTag: 'type:proof',
              onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:tooling'],
            },
          ],
        },
      ],
    },
  },
  {
    // The operator console: React in the browser; it talks to the operator API only.
    files: ['apps/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@hookline/*'], message: 'The console talks to the operator API only.' },
          ],
        },
      ],
    },
  },
  {
    // Nothing but the runtime's configuration loader reads the environment.
    files: [
      'apps/**/*.ts',
      'tests/**/*.ts',
      'libs/kafka/**/*.ts',
      'libs/persistence/**/*.ts',
      'libs/contracts/**/*.ts',
      'libs/config/**/*.ts',
      'libs/providers/**/*.ts',
    ],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/fixtures/**',
      // The CLI is no service: it reads its environment once, where its process starts.
      'apps/cli/src/cli-io.ts',
      'apps/cli/src/testing/**',
      // Build configuration, read by Vite at build time.
      'apps/console/vite.config.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @hookline/runtime.',
        },
      ],
    },
  },
);
