import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { PROVIDERS, PROVIDER_NAMES, getProvider, isProviderName } from './registry.js';
import { ProviderConfigurationError } from './provider.js';

describe('provider registry', () => {
  it('lists every adapter under its own name', () => {
    for (const [name, adapter] of Object.entries(PROVIDERS)) expect(adapter.name).toBe(name);
    expect(PROVIDER_NAMES).toEqual([
      'stripe',
      'github',
      'slack',
      'hubspot',
      'shopify',
      'standard-webhooks',
      'generic-hmac',
      'gitlab',
      'paddle',
    ]);
  });

  it('finds an adapter by name', () => {
    expect(getProvider('stripe')).toBe(PROVIDERS.stripe);
    expect(isProviderName('github')).toBe(true);
    expect(isProviderName('toString')).toBe(false);
  });

  it('names the known providers when asked for an unknown one', () => {
    expect(() => getProvider('paypal')).toThrow(ProviderConfigurationError);
    expect(() => getProvider('paypal')).toThrow(
      'Unknown provider "paypal"; known providers: stripe, github, slack, hubspot, shopify, standard-webhooks, generic-hmac, gitlab, paddle.',
    );
  });

  it.each(PROVIDER_NAMES.filter((name) => name !== 'generic-hmac'))(
    '%s settings are optional and strict',
    (name) => {
      const { settingsSchema } = getProvider(name);
      expect(settingsSchema.safeParse({}).success).toBe(true);
      expect(settingsSchema.safeParse({ tolerance: 300 }).success).toBe(false);
    },
  );

  it('accepts a tolerance only where a timestamp is signed', () => {
    const withTolerance = PROVIDER_NAMES.filter(
      (name) => getProvider(name).settingsSchema.safeParse({ toleranceSeconds: 60 }).success,
    );
    expect(withTolerance).toEqual(['stripe', 'slack', 'hubspot', 'standard-webhooks', 'paddle']);
    expect(PROVIDERS.stripe.settingsSchema.safeParse({ toleranceSeconds: -1 }).success).toBe(false);
  });

  it.each(PROVIDER_NAMES)('%s names its media types and lower-case secret headers', (name) => {
    const { mediaTypes, secretHeaders } = getProvider(name);
    expect(mediaTypes === 'any' || mediaTypes.length > 0).toBe(true);
    for (const header of secretHeaders) expect(header).toBe(header.toLowerCase());
  });

  it('has a row for every provider in the README table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of PROVIDER_NAMES)
      expect([name, readme.includes(`| \`${name}\``)]).toEqual([name, true]);
  });
});
