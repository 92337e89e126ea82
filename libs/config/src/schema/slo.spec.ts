import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { ConfigValidationError } from '../config-validation.error.js';
import { parseConfig } from '../load-config.js';
import { MINIMAL_ENV, minimalConfig } from '../testing/example-config.js';

type Document = ReturnType<typeof minimalConfig> & Record<string, unknown>;
type Mutable = Record<string, unknown>;

function load(change: (document: Document) => void) {
  const document = minimalConfig() as Document;
  change(document);
  return parseConfig(stringify(document), MINIMAL_ENV);
}

function issues(change: (document: Document) => void): string[] {
  try {
    load(change);
  } catch (error) {
    if (error instanceof ConfigValidationError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('integration tiers and their SLOs', () => {
  it('defaults: a destination is tier 2, each tier has its objective and latency budget', () => {
    const config = load(() => {});
    expect(config.tenants[0]!.destinations[0]!.tier).toBe(2);
    expect(config.slo.tiers).toEqual({
      '1': { objective: 99.99, latency: '30s' },
      '2': { objective: 99.9, latency: '60s' },
      '3': { objective: 99, latency: '5m' },
    });
  });

  it('takes a tier on destinations and routes, and overrides per tier', () => {
    const config = load((document) => {
      Object.assign(document.tenants[0]!.destinations[0] as unknown as Mutable, { tier: 1 });
      const routes = document.tenants[0]!.routes as unknown as Mutable[];
      routes[0]!['tier'] = 3;
      document['slo'] = { tiers: { '3': { latency: '15m' }, '1': { objective: 99.95 } } };
    });
    expect(config.tenants[0]!.destinations[0]!.tier).toBe(1);
    expect(config.tenants[0]!.routes[0]!.tier).toBe(3);
    expect(config.slo.tiers['1']).toEqual({ objective: 99.95, latency: '30s' });
    expect(config.slo.tiers['3']).toEqual({ objective: 99, latency: '15m' });
  });

  it('refuses a tier other than 1, 2 or 3, an objective out of range and unknown keys', () => {
    expect(
      issues((document) => {
        Object.assign(document.tenants[0]!.destinations[0] as unknown as Mutable, { tier: 4 });
        document['slo'] = {
          tiers: { '2': { objective: 100, latency: 'soon' }, '4': {} },
          budget: 1,
        };
      }),
    ).toEqual(
      expect.arrayContaining([
        'tenants[0].destinations[0].tier: expected tier 1, 2 or 3',
        expect.stringMatching(
          /^slo\.tiers\.2\.objective: expected a percentage above 0 and below 100/,
        ),
        expect.stringMatching(/^slo\.tiers\.2\.latency: invalid duration "soon"/),
        'slo.tiers: Unrecognized key: "4"',
        'slo: Unrecognized key: "budget"',
      ]),
    );
  });
});
