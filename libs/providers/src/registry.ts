import { genericHmacProvider } from './generic-hmac/index.js';
import { githubProvider } from './github/index.js';
import { gitlabProvider } from './gitlab/index.js';
import { hubspotProvider } from './hubspot/index.js';
import { paddleProvider } from './paddle/index.js';
import { type ProviderAdapter, ProviderConfigurationError } from './provider.js';
import { shopifyProvider } from './shopify/index.js';
import { slackProvider } from './slack/index.js';
import { standardWebhooksProvider } from './standard-webhooks/index.js';
import { stripeProvider } from './stripe/index.js';

/** Every provider Hookline can verify, by the name a source's configuration uses. */
export const PROVIDERS = {
  stripe: stripeProvider,
  github: githubProvider,
  slack: slackProvider,
  hubspot: hubspotProvider,
  shopify: shopifyProvider,
  'standard-webhooks': standardWebhooksProvider,
  'generic-hmac': genericHmacProvider,
  gitlab: gitlabProvider,
  paddle: paddleProvider,
} as const satisfies Record<string, ProviderAdapter>;

export type ProviderName = keyof typeof PROVIDERS;

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

/** The providers whose thin webhooks a source can have hydrated (`hydrate`). */
export const HYDRATED_PROVIDER_NAMES = PROVIDER_NAMES.filter(
  (name) => getProvider(name).hydrator !== undefined,
);

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(PROVIDERS, name);
}

/**
 * The adapter for a provider name. Its settings type is unknown here: validate a source's
 * settings with the adapter's `settingsSchema` and pass on what that returns.
 */
export function getProvider(name: string): ProviderAdapter {
  if (!isProviderName(name)) {
    throw new ProviderConfigurationError(
      `Unknown provider "${name}"; known providers: ${PROVIDER_NAMES.join(', ')}.`,
    );
  }
  return PROVIDERS[name];
}
