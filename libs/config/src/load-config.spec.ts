import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { ConfigValidationError } from './config-validation.error.js';
import { findSource } from './find-source.js';
import { loadConfig, parseConfig } from './load-config.js';
import {
  EXAMPLE_CONFIG_PATH,
  EXAMPLE_ENV,
  EXAMPLE_STRIPE_SECRET,
  MINIMAL_ENV,
  minimalConfig,
} from './testing/example-config.js';

/** The issues parseConfig reports for `document`, as `path: message` pairs. */
function issuesOf(document: unknown, env: Record<string, string> = MINIMAL_ENV) {
  try {
    parseConfig(typeof document === 'string' ? document : stringify(document), env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

const paths = (document: unknown, env?: Record<string, string>) =>
  issuesOf(document, env).map((issue) => issue.path);

describe('loadConfig', () => {
  it('loads the repository example with its env secrets resolved and defaults applied', () => {
    const config = loadConfig(EXAMPLE_CONFIG_PATH, EXAMPLE_ENV);
    const [acme] = config.tenants;
    expect(acme?.id).toBe('acme');
    expect(acme?.sources.map((source) => source.provider).sort()).toEqual([
      'generic-hmac',
      'github',
      'hubspot',
      'shopify',
      'slack',
      'standard-webhooks',
      'stripe',
    ]);
    expect(findSource(config, 'acme-stripe')?.source.secrets).toEqual([EXAMPLE_STRIPE_SECRET]);
    expect(findSource(config, 'acme-github')?.source.maxBodyBytes).toBe(1_048_576);
    expect(acme?.destinations[0]).toMatchObject({
      id: 'acme-orders',
      url: 'http://127.0.0.1:9999/hooks',
      retryTiers: ['2s', '10s'],
    });
    expect(acme?.routes.map((route) => route.id)).toEqual([
      'invoices',
      'large-paid-invoices',
      'code-activity',
      'chat-messages',
      'crm-changes',
      'shop-orders',
      'signed-generic',
    ]);
  });

  it('returns a deeply frozen config', () => {
    const config = parseConfig(stringify(minimalConfig()), MINIMAL_ENV);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.tenants[0]?.sources[0]?.secrets)).toBe(true);
  });

  it('applies destination defaults and accepts short retry tiers', () => {
    const document = minimalConfig();
    const config = parseConfig(stringify(document), MINIMAL_ENV);
    expect(config.tenants[0]?.destinations[0]).toMatchObject({
      timeout: '10s',
      retryTiers: ['1m', '5m', '30m', '2h'],
    });
    document.tenants[0]!.destinations[0] = {
      ...document.tenants[0]!.destinations[0]!,
      retryTiers: ['500ms', '2s'],
    } as never;
    expect(
      parseConfig(stringify(document), MINIMAL_ENV).tenants[0]?.destinations[0]?.retryTiers,
    ).toEqual(['500ms', '2s']);
  });

  it('finds a source with its tenant, and nothing for an unknown id', () => {
    const config = parseConfig(stringify(minimalConfig()), MINIMAL_ENV);
    expect(findSource(config, 'acme-slack')).toMatchObject({
      tenant: { id: 'acme' },
      source: { id: 'acme-slack', secrets: ['slack-secret-from-env'] },
    });
    expect(findSource(config, 'nope')).toBeUndefined();
  });

  it('reports a file that cannot be read', () => {
    expect(() => loadConfig('/nonexistent/hookline.yaml', {})).toThrow(
      /cannot read \/nonexistent\/hookline.yaml/,
    );
  });
});

describe('configuration errors', () => {
  it('names the path of a source without secrets', () => {
    const document = minimalConfig();
    document.tenants[0]!.sources[2]!.secrets = [];
    expect(issuesOf(document)).toEqual([
      expect.objectContaining({
        path: 'tenants[0].sources[2].secrets',
        message: 'expected at least one secret',
      }),
    ]);
  });

  it('refuses more than five secrets', () => {
    const document = minimalConfig();
    document.tenants[0]!.sources[2]!.secrets = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(paths(document)).toEqual(['tenants[0].sources[2].secrets']);
  });

  it('names a route whose destination is not in its tenant', () => {
    const document = minimalConfig();
    document.tenants[0]!.routes[1]!.destination = 'elsewhere';
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[0].routes[1].destination');
    expect(issue?.message).toBe(
      'unknown destination "elsewhere": tenant "acme" has destinations acme-orders',
    );
  });

  it('refuses a source id used by another tenant', () => {
    const document = minimalConfig();
    document.tenants.push({
      id: 'globex',
      sources: [{ id: 'acme-stripe', provider: 'stripe', secrets: ['s'] }],
      destinations: [],
      routes: [],
    });
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[1].sources[0].id');
    expect(issue?.message).toBe(
      'duplicate source id "acme-stripe" (first used at tenants[0].sources[0].id)',
    );
  });

  it('refuses duplicate tenant, destination and route ids', () => {
    const document = minimalConfig();
    const tenant = document.tenants[0]!;
    tenant.routes[1]!.id = 'billing';
    tenant.destinations.push({ ...tenant.destinations[0]! });
    document.tenants.push({ id: 'acme', sources: [], destinations: [], routes: [] });
    expect(paths(document).sort()).toEqual(
      ['tenants[0].routes[1].id', 'tenants[1].id', 'tenants[0].destinations[1].id'].sort(),
    );
  });

  it('names a retry tier that is not a duration', () => {
    const document = minimalConfig();
    Object.assign(document.tenants[0]!.destinations[0]!, { retryTiers: ['1m', 'soon'] });
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[0].destinations[0].retryTiers[1]');
    expect(issue?.message).toMatch(/invalid duration "soon"/);
  });

  it('takes a source body deadline as a duration and names one that is not', () => {
    const document = minimalConfig();
    Object.assign(document.tenants[0]!.sources[2]!, { bodyTimeout: '2m' });
    const config = parseConfig(stringify(document), MINIMAL_ENV);
    expect(config.tenants[0]?.sources[2]?.bodyTimeout).toBe('2m');
    Object.assign(document.tenants[0]!.sources[2]!, { bodyTimeout: 'slowly' });
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[0].sources[2].bodyTimeout');
    expect(issue?.message).toMatch(/invalid duration "slowly"/);
  });

  it('names an unknown provider and lists the known ones', () => {
    const document = minimalConfig();
    document.tenants[0]!.sources[1]!.provider = 'bitbucket';
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[0].sources[1].provider');
    expect(issue?.message).toBe(
      'unknown provider "bitbucket": expected one of stripe, github, slack, hubspot, shopify, standard-webhooks, generic-hmac, gitlab, paddle',
    );
  });

  it('refuses unknown keys, bad URLs, bad ids, empty filters and a wrong version', () => {
    const document = minimalConfig() as ReturnType<typeof minimalConfig> & { version: number };
    document.version = 2;
    Object.assign(document.tenants[0]!.sources[0]!, { secret: 'typo' });
    Object.assign(document.tenants[0]!.destinations[0]!, { url: 'ftp://example.com' });
    Object.assign(document.tenants[0]!.routes[0]!, { filter: '  ' });
    document.tenants[0]!.sources[1]!.id = 'has space';
    expect(paths(document)).toEqual([
      'version',
      'tenants[0].sources[0]',
      'tenants[0].sources[1].id',
      'tenants[0].destinations[0].url',
      'tenants[0].routes[0].filter',
    ]);
  });

  it('reports cross-field rules together with field errors, in one pass', () => {
    const document = minimalConfig();
    document.tenants[0]!.sources[1]!.provider = 'bitbucket';
    document.tenants[0]!.routes[1]!.destination = 'elsewhere';
    document.tenants.push({
      id: 'globex',
      sources: [{ id: 'acme-stripe', provider: 'stripe', secrets: [] }],
      destinations: [],
      routes: [],
    });
    expect(paths(document)).toEqual([
      'tenants[0].sources[1].provider',
      'tenants[0].routes[1].destination',
      'tenants[1].sources[0].id',
      'tenants[1].sources[0].secrets',
    ]);
  });

  it('compiles route filters at load, naming the route and the column of a syntax error', () => {
    const document = minimalConfig();
    Object.assign(document.tenants[0]!.routes[1]!, { filter: 'data.amount >> 3' });
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[0].routes[1].filter');
    expect(issue?.message).toMatch(/^syntax error at column 14 of "data.amount >> 3": expecting/);
  });

  it('compiles route transforms at load: a JSONata syntax error names the route and position', () => {
    const document = minimalConfig();
    Object.assign(document.tenants[0]!.routes[0]!, { transform: '{ "id": id }' });
    const routes = parseConfig(stringify(document), MINIMAL_ENV).tenants[0]!.routes;
    expect(routes[0]!.transform).toBe('{ "id": id }');
    Object.assign(document.tenants[0]!.routes[0]!, { transform: '{ "id": ' });
    const [issue] = issuesOf(document);
    expect(issue?.path).toBe('tenants[0].routes[0].transform');
    expect(issue?.message).toMatch(/^JSONata: .+ \(at character \d+\)$/);
  });

  it('survives documents of the wrong shape', () => {
    expect(paths({ version: 1, tenants: 'acme' })).toEqual(['tenants']);
    expect(paths({ version: 1, tenants: ['acme', { id: 'x', routes: [null] }] })).toEqual([
      'tenants[0]',
      'tenants[1].routes[0]',
    ]);
  });

  it('refuses a destination secret that is not a whsec_ secret', () => {
    const document = minimalConfig();
    document.tenants[0]!.destinations[0]!.secret = 'plain-secret';
    expect(paths(document)).toEqual(['tenants[0].destinations[0].secret']);
  });

  it('lists every issue in one error, one per line, with the file line', () => {
    const document = minimalConfig();
    document.tenants[0]!.sources[2]!.secrets = [];
    document.tenants[0]!.sources[1]!.provider = 'bitbucket';
    const text = stringify(document);
    expect(() => parseConfig(text, MINIMAL_ENV, 'hookline.yaml')).toThrow(ConfigValidationError);
    try {
      parseConfig(text, MINIMAL_ENV, 'hookline.yaml');
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toBe('invalid configuration in hookline.yaml (2 issues):');
      expect(lines[1]).toMatch(
        /^ {2}tenants\[0\]\.sources\[1\]\.provider: unknown provider "bitbucket".* \(line \d+\)$/,
      );
      expect(lines[2]).toMatch(
        /^ {2}tenants\[0\]\.sources\[2\]\.secrets: expected at least one secret \(line \d+\)$/,
      );
      const line = Number(/\(line (\d+)\)$/.exec(lines[1]!)?.[1]);
      expect(text.split('\n')[line - 1]).toContain('provider: bitbucket');
    }
  });
});

describe('env: secrets', () => {
  it('resolves env:NAME from the given environment', () => {
    const config = parseConfig(stringify(minimalConfig()), { SLACK_SECRET: 'from-env' });
    expect(config.tenants[0]?.sources[2]?.secrets).toEqual(['from-env']);
  });

  it('names the path and the variable when it is not set or empty', () => {
    const document = minimalConfig();
    document.tenants[0]!.destinations[0]!.secret = 'env:ORDERS_SECRET';
    expect(
      issuesOf(document, { ORDERS_SECRET: '' }).map((issue) => `${issue.path}: ${issue.message}`),
    ).toEqual([
      'tenants[0].sources[2].secrets[0]: environment variable SLACK_SECRET is not set',
      'tenants[0].destinations[0].secret: environment variable ORDERS_SECRET is empty',
    ]);
  });

  it('checks values from the environment like inline ones, naming the variable', () => {
    const document = minimalConfig();
    document.tenants[0]!.destinations[0]!.secret = 'env:ORDERS_SECRET';
    const [issue] = issuesOf(document, { ...MINIMAL_ENV, ORDERS_SECRET: 'not-whsec' });
    expect(issue?.path).toBe('tenants[0].destinations[0].secret');
    expect(issue?.message).toMatch(/Standard Webhooks secret.*\(value of ORDERS_SECRET\)$/);
    expect(issue?.message).not.toContain('not-whsec');
  });

  it('refuses an env: reference that is not a variable name', () => {
    const document = minimalConfig();
    document.tenants[0]!.sources[0]!.secrets = ['env:NOT-A-NAME'];
    expect(paths(document)).toEqual(['tenants[0].sources[0].secrets[0]']);
  });
});

describe('YAML syntax', () => {
  it('reports line and column', () => {
    const [issue] = issuesOf('version: 1\ntenants:\n  - id: acme\n    sources: [\n  oops: : x\n');
    expect(issue?.path).toBe('');
    expect(issue?.line).toBe(5);
    expect(issue?.message).toMatch(/^YAML syntax error at 5:\d+: /);
  });

  it('reports duplicate keys', () => {
    const [issue] = issuesOf('version: 1\nversion: 1\ntenants: []\n');
    expect(issue?.message).toMatch(/^YAML syntax error at 2:1: Map keys must be unique/);
  });

  it('reports an empty document as a missing object', () => {
    expect(paths('')).toEqual(['']);
  });
});
