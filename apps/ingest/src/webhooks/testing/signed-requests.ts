// Genuine webhooks of every provider for ingest's tests (signed by @hookline/testing).
import { signWebhook, type SignedRequest } from '@hookline/testing';

export { type SignedRequest } from '@hookline/testing';

export const TEST_SECRETS = {
  stripe: 'whsec_ingest_test_stripe',
  github: 'ingest-test-github',
  slack: 'ingest-test-slack',
  hubspot: 'ingest-test-hubspot',
  shopify: 'ingest-test-shopify',
  standardWebhooks: `whsec_${Buffer.from('ingest-test-standard-webhooks-32b').toString('base64')}`,
  generic: 'ingest-test-generic',
  gitlab: 'ingest-test-gitlab',
  paddle: 'pdl_ntfset_ingest_test_paddle',
} as const;

export const HUBSPOT_PUBLIC_BASE = 'https://hooks.example.com';

/** The test configuration: one tenant, a source per provider, and two with limits. */
export function testConfigYaml(): string {
  return `version: 1
tenants:
  - id: t1
    sources:
      - { id: t-stripe, provider: stripe, secrets: ['${TEST_SECRETS.stripe}'] }
      - { id: t-github, provider: github, secrets: ['${TEST_SECRETS.github}'] }
      - { id: t-slack, provider: slack, secrets: ['${TEST_SECRETS.slack}'] }
      - id: t-hubspot
        provider: hubspot
        secrets: ['${TEST_SECRETS.hubspot}']
        settings: { publicBaseUrl: '${HUBSPOT_PUBLIC_BASE}' }
      - { id: t-shopify, provider: shopify, secrets: ['${TEST_SECRETS.shopify}'] }
      - { id: t-standard, provider: standard-webhooks, secrets: ['${TEST_SECRETS.standardWebhooks}'] }
      - id: t-generic
        provider: generic-hmac
        secrets: ['${TEST_SECRETS.generic}']
        settings: { header: x-signature, algorithm: sha256, encoding: hex, prefix: 'sha256=' }
      - { id: t-gitlab, provider: gitlab, secrets: ['${TEST_SECRETS.gitlab}'] }
      - { id: t-paddle, provider: paddle, secrets: ['${TEST_SECRETS.paddle}'] }
      - { id: t-small, provider: stripe, secrets: ['${TEST_SECRETS.stripe}'], maxBodyBytes: 2048 }
      - id: t-limited
        provider: stripe
        secrets: ['${TEST_SECRETS.stripe}']
        rateLimit: { requestsPerSecond: 2 }
`;
}

const SOURCES: Record<string, { id: string; secret: string }> = {
  stripe: { id: 't-stripe', secret: TEST_SECRETS.stripe },
  github: { id: 't-github', secret: TEST_SECRETS.github },
  slack: { id: 't-slack', secret: TEST_SECRETS.slack },
  hubspot: { id: 't-hubspot', secret: TEST_SECRETS.hubspot },
  shopify: { id: 't-shopify', secret: TEST_SECRETS.shopify },
  'standard-webhooks': { id: 't-standard', secret: TEST_SECRETS.standardWebhooks },
  'generic-hmac': { id: 't-generic', secret: TEST_SECRETS.generic },
  gitlab: { id: 't-gitlab', secret: TEST_SECRETS.gitlab },
  paddle: { id: 't-paddle', secret: TEST_SECRETS.paddle },
};

export async function signedRequest(
  provider: string,
  sourceId?: string,
  payload?: unknown,
): Promise<SignedRequest> {
  const source = SOURCES[provider];
  if (!source) throw new Error(`no signer for ${provider}`);
  return signWebhook(provider, {
    secret: source.secret,
    sourceId: sourceId ?? source.id,
    publicBaseUrl: HUBSPOT_PUBLIC_BASE,
    ...(payload === undefined ? {} : { payload }),
  });
}
