import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { ConfigValidationError } from '../config-validation.error.js';
import { parseConfig } from '../load-config.js';
import { MINIMAL_ENV, minimalConfig } from '../testing/example-config.js';

const OLD = 'whsec_b2xkLWhvb2tsaW5lLXRlc3Qtb25seS1zZWNyZXQ=';

function issues(change: (document: ReturnType<typeof minimalConfig>) => void) {
  const document = minimalConfig();
  change(document);
  try {
    parseConfig(stringify(document), { ...MINIMAL_ENV, OLD_SECRET: OLD });
  } catch (error) {
    if (error instanceof ConfigValidationError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

type Mutable = Record<string, unknown>;
const destination = (document: ReturnType<typeof minimalConfig>) =>
  document.tenants[0]!.destinations[0] as unknown as Mutable;

describe('destination and egress settings', () => {
  it('accepts what the executor implements, secrets from the environment included', () => {
    expect(
      issues((document) => {
        Object.assign(destination(document), {
          previousSecrets: ['env:OLD_SECRET'],
          headers: { 'x-team': 'billing' },
          rateLimit: { requestsPerSecond: 5 },
          concurrency: 4,
          circuitBreaker: { consecutiveFailures: 3 },
        });
        (document as unknown as Mutable)['egress'] = { allow: ['127.0.0.1', '10.0.0.0/8'] };
      }),
    ).toEqual([]);
  });

  it('refuses what it does not implement, or may not be set, naming the path', () => {
    expect(
      issues((document) => {
        Object.assign(destination(document), {
          rateLimit: { requestsPerSecond: 5, burst: 10 },
          headers: { 'Idempotency-Key': 'mine' },
          previousSecrets: ['not-a-whsec'],
        });
        (document as unknown as Mutable)['egress'] = { allow: ['10.0.0.0/33'] };
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^tenants\[0\]\.destinations\[0\]\.rateLimit: unsupported key\(s\) burst: a destination's rateLimit takes requestsPerSecond only/,
        ),
        expect.stringMatching(
          /^tenants\[0\]\.destinations\[0\]\.headers\.Idempotency-Key: header "Idempotency-Key" is set by Hookline/,
        ),
        expect.stringMatching(
          /^tenants\[0\]\.destinations\[0\]\.previousSecrets\[0\]: expected a Standard Webhooks secret/,
        ),
        expect.stringMatching(/^egress\.allow\[0\]: expected an IP address or CIDR range/),
      ]),
    );
  });
});
