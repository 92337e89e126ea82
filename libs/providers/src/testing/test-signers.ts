import { genericHmacSigner } from '../generic-hmac/testing/signer.js';
import { githubSigner } from '../github/testing/signer.js';
import { gitlabSigner } from '../gitlab/testing/signer.js';
import { hubspotSigner } from '../hubspot/testing/signer.js';
import { paddleSigner } from '../paddle/testing/signer.js';
import { type ProviderName } from '../registry.js';
import { shopifySigner } from '../shopify/testing/signer.js';
import { slackSigner } from '../slack/testing/signer.js';
import { standardWebhooksSigner } from '../standard-webhooks/testing/signer.js';
import { stripeSigner } from '../stripe/testing/signer.js';
import { type TestSigner } from './test-signer.js';

/**
 * Every provider's test signer, beside `PROVIDERS` but apart from it, so that the signing
 * libraries (stripe, @octokit/webhooks-methods, standardwebhooks) stay out of the services.
 * Typed against the registry: a provider without a signer does not compile.
 */
export const TEST_SIGNERS = {
  stripe: stripeSigner,
  github: githubSigner,
  slack: slackSigner,
  hubspot: hubspotSigner,
  shopify: shopifySigner,
  'standard-webhooks': standardWebhooksSigner,
  'generic-hmac': genericHmacSigner,
  gitlab: gitlabSigner,
  paddle: paddleSigner,
} as const satisfies Record<ProviderName, TestSigner>;

export function testSignerOf(provider: string): TestSigner {
  if (!Object.hasOwn(TEST_SIGNERS, provider)) throw new Error(`no signer for ${provider}`);
  return TEST_SIGNERS[provider as ProviderName];
}
