import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { redactConfig, fingerprintSecret } from '../config-document.js';
import { ConfigValidationError } from '../config-validation.error.js';
import { findSource } from '../find-source.js';
import { parseConfig } from '../load-config.js';
import { MINIMAL_ENV, minimalConfig } from '../testing/example-config.js';

/** The minimal document with `hydrate` on its Stripe source (sources[0]) or another. */
function withHydrate(hydrate: unknown, index = 0) {
  const document = minimalConfig();
  Object.assign(document.tenants[0]!.sources[index]!, { hydrate });
  return document;
}

function issuesOf(document: unknown, env: Record<string, string> = MINIMAL_ENV) {
  try {
    parseConfig(stringify(document), env);
  } catch (error) {
    if (error instanceof ConfigValidationError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('a source’s hydrate block', () => {
  it('takes a token from the environment and fills in the defaults', () => {
    const config = parseConfig(
      stringify(withHydrate({ credentials: { token: 'env:STRIPE_KEY' } })),
      {
        ...MINIMAL_ENV,
        STRIPE_KEY: 'rk_test_hydrate',
      },
    );
    expect(findSource(config, 'acme-stripe')?.source.hydrate).toEqual({
      enabled: true,
      credentials: { token: 'rk_test_hydrate' },
      rateLimit: { perSecond: 10 },
      retries: { attempts: 3, initialDelay: '200ms', maxDelay: '2s' },
      timeout: '5s',
      circuitBreaker: { consecutiveFailures: 5, halfOpenAfter: '30s' },
    });
    // The token is a secret: the mirror and the console see its fingerprint only.
    const redacted = findSource(redactConfig(config), 'acme-stripe')?.source.hydrate;
    expect(redacted?.credentials.token).toBe(fingerprintSecret('rk_test_hydrate'));
  });

  it('is refused for a provider that has no hydrator, naming those that have', () => {
    expect(issuesOf(withHydrate({ credentials: { token: 't' } }, 1))).toEqual([
      'tenants[0].sources[1].hydrate: provider github has no hydrator: hydrate is for stripe, hubspot sources',
    ]);
  });

  it('refuses unknown keys, a missing token, a bad rate, URL or duration', () => {
    expect(issuesOf(withHydrate({ credentials: { token: 't' }, batch: true }))).toEqual([
      expect.stringMatching(/^tenants\[0\]\.sources\[0\]\.hydrate: .*batch/),
    ]);
    expect(issuesOf(withHydrate({ credentials: {} }))).toEqual([
      expect.stringMatching(/^tenants\[0\]\.sources\[0\]\.hydrate\.credentials\.token: /),
    ]);
    expect(
      issuesOf(
        withHydrate({
          credentials: { token: 't' },
          apiBaseUrl: 'ftp://api.example.com',
          rateLimit: { perSecond: 0 },
          timeout: 'soon',
          retries: { attempts: 0 },
        }),
      )
        .map((issue) => issue.split(':')[0])
        .sort(),
    ).toEqual([
      'tenants[0].sources[0].hydrate.apiBaseUrl',
      'tenants[0].sources[0].hydrate.rateLimit.perSecond',
      'tenants[0].sources[0].hydrate.retries.attempts',
      'tenants[0].sources[0].hydrate.timeout',
    ]);
    expect(issuesOf(withHydrate({ credentials: { token: 'env:UNSET_TOKEN' } }))).toEqual([
      'tenants[0].sources[0].hydrate.credentials.token: environment variable UNSET_TOKEN is not set',
    ]);
  });
});
