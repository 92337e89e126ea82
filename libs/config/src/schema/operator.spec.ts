import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { redactConfig } from '../config-document.js';
import { ConfigValidationError } from '../config-validation.error.js';
import { parseConfig } from '../load-config.js';
import { MINIMAL_ENV, minimalConfig } from '../testing/example-config.js';

const withOperator = (operator: unknown) => ({ ...minimalConfig(), operator });

function issuesOf(document: unknown, env: Record<string, string> = MINIMAL_ENV) {
  try {
    parseConfig(stringify(document), env);
  } catch (error) {
    if (error instanceof ConfigValidationError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('operator configuration', () => {
  it('defaults to no tokens and no redaction', () => {
    const config = parseConfig(stringify(minimalConfig()), MINIMAL_ENV);
    expect(config.operator).toEqual({ tokens: [], redact: { providers: {}, sources: {} } });
  });

  it('resolves token secrets from the environment and never mirrors them', () => {
    const config = parseConfig(
      stringify(
        withOperator({
          tokens: [{ name: 'oncall', role: 'operator', tenants: ['*'], secret: 'env:ONCALL' }],
          redact: {
            providers: { stripe: ['data.object.email'] },
            sources: { 'acme-stripe': ['a[*].b'] },
          },
        }),
      ),
      { ...MINIMAL_ENV, ONCALL: 'a-long-enough-oncall-token-secret' },
    );
    expect(config.operator.tokens[0]?.secret).toBe('a-long-enough-oncall-token-secret');
    const redacted = JSON.stringify(redactConfig(config));
    expect(redacted).not.toContain('a-long-enough-oncall-token-secret');
    expect(redacted).toContain('"secret":"sha256:');
  });

  it('refuses what the operator API does not implement, naming each place', () => {
    const issues = issuesOf(
      withOperator({
        tokens: [
          { name: 'Bad_Name', role: 'root', tenants: [], secret: 'short' },
          { name: 'dup', role: 'viewer', tenants: ['*', 'acme'], secret: 'x'.repeat(24) },
          { name: 'dup', role: 'viewer', tenants: ['nobody'], secret: 'x'.repeat(24) },
        ],
        redact: { providers: { nosuch: ['a'] }, sources: { ghost: ['a..b'] } },
        expiry: '1d',
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^operator\.tokens\[0\]\.name: expected 1-64 lower-case/),
        expect.stringMatching(/^operator\.tokens\[0\]\.role: unknown role "root"/),
        expect.stringMatching(/^operator\.tokens\[0\]\.tenants: expected at least one tenant/),
        'operator.tokens[0].secret: expected at least 24 characters',
        'operator.tokens[1].tenants: "*" stands alone: it already means every tenant',
        'operator.tokens[2].name: duplicate token name "dup"',
        'operator.tokens[2].tenants[0]: unknown tenant "nobody"',
        expect.stringMatching(/^operator\.redact\.sources\.ghost(\[0\])?: /),
        expect.stringMatching(/^operator: Unrecognized key: "expiry"/),
      ]),
    );
    expect(issues.some((issue) => issue.startsWith('operator.redact.providers'))).toBe(true);
  });
});
