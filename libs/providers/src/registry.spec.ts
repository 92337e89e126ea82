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
      'Unknown provider "paypal"; known providers: stripe, github, slack, hubspot, shopify, standard-webhooks, generic-hmac.',
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
    expect(withTolerance).toEqual(['stripe', 'slack', 'hubspot', 'standard-webhooks']);
    expect(PROVIDERS.stripe.settingsSchema.safeParse({ toleranceSeconds: -1 }).success).toBe(false);
  });
});
