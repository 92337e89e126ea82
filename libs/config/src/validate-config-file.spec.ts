import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EXAMPLE_CONFIG_PATH, EXAMPLE_ENV } from './testing/example-config.js';
import { validateConfigFile } from './validate-config-file.js';

describe('validateConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summarizes a valid file', () => {
    expect(validateConfigFile(EXAMPLE_CONFIG_PATH, EXAMPLE_ENV)).toEqual({
      ok: true,
      summary: `${EXAMPLE_CONFIG_PATH} is valid: 1 tenant, 7 sources, 2 destinations, 7 routes`,
    });
  });

  it('lists one line per issue', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      'version: 1\ntenants:\n  - id: acme\n    sources:\n      - id: s\n        provider: stripe\n        secrets: [env:MISSING]\n',
    );
    expect(validateConfigFile(path, {})).toEqual({
      ok: false,
      errors: [
        'tenants[0].sources[0].secrets[0]: environment variable MISSING is not set (line 7)',
      ],
    });
  });
});
