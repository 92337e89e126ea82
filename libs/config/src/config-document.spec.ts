import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  fingerprintSecret,
  redactConfig,
  redactedDocument,
} from './config-document.js';
import { loadConfig, parseConfig } from './load-config.js';
import {
  EXAMPLE_CONFIG_PATH,
  EXAMPLE_ENV,
  EXAMPLE_STRIPE_SECRET,
} from './testing/example-config.js';

describe('redacted configuration document', () => {
  const config = loadConfig(EXAMPLE_CONFIG_PATH, EXAMPLE_ENV);
  const secrets = config.tenants.flatMap((tenant) => [
    ...tenant.sources.flatMap((source) => source.secrets),
    ...tenant.destinations.flatMap((destination) =>
      destination.kind === 'http' ? [destination.secret] : [],
    ),
  ]);

  it('replaces every secret by a sha256 fingerprint', () => {
    const { json } = redactedDocument(config);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(redactConfig(config).tenants[0]?.sources[0]?.secrets).toEqual([
      fingerprintSecret(EXAMPLE_STRIPE_SECRET),
    ]);
    expect(fingerprintSecret('x')).toMatch(/^sha256:[0-9a-f]{8}$/);
  });

  it('has a checksum that ignores key order and follows secret rotation', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    const rotated = parseConfig(
      readFileSync(EXAMPLE_CONFIG_PATH, 'utf8').replace(EXAMPLE_STRIPE_SECRET, 'whsec_rotated'),
      EXAMPLE_ENV,
    );
    expect(redactedDocument(loadConfig(EXAMPLE_CONFIG_PATH, EXAMPLE_ENV)).checksum).toBe(
      redactedDocument(config).checksum,
    );
    expect(redactedDocument(rotated).checksum).not.toBe(redactedDocument(config).checksum);
  });
});
