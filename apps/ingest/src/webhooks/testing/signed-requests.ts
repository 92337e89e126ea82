// Genuine webhooks of every provider for ingest's tests, signed with the providers' own
// libraries where one exists (stripe, @octokit/webhooks-methods, standardwebhooks) and by
// each provider's documented recipe otherwise.
import { createHmac, randomUUID } from 'node:crypto';
import { sign as signGithub } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';

export const TEST_SECRETS = {
  stripe: 'whsec_ingest_test_stripe',
  github: 'ingest-test-github',
  slack: 'ingest-test-slack',
  hubspot: 'ingest-test-hubspot',
  shopify: 'ingest-test-shopify',
  standardWebhooks: `whsec_${Buffer.from('ingest-test-standard-webhooks-32b').toString('base64')}`,
  generic: 'ingest-test-generic',
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
      - { id: t-small, provider: stripe, secrets: ['${TEST_SECRETS.stripe}'], maxBodyBytes: 2048 }
      - id: t-limited
        provider: stripe
        secrets: ['${TEST_SECRETS.stripe}']
        rateLimit: { requestsPerSecond: 2 }
`;
}

export interface SignedRequest {
  sourceId: string;
  headers: Record<string, string>;
  body: string;
}

const hmac = (secret: string, content: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', secret).update(content).digest(encoding);

const stripe = new Stripe('sk_test_ingest');
const json = { 'content-type': 'application/json' };

export async function signedRequest(
  provider: string,
  sourceId?: string,
  payload?: unknown,
): Promise<SignedRequest> {
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1_000);
  switch (provider) {
    case 'stripe': {
      const body = JSON.stringify(
        payload ?? { id: `evt_${id}`, type: 'invoice.paid', data: { object: { id: 'in_1' } } },
      );
      const signature = stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: TEST_SECRETS.stripe,
      });
      return {
        sourceId: sourceId ?? 't-stripe',
        headers: { ...json, 'stripe-signature': signature },
        body,
      };
    }
    case 'github': {
      const body = JSON.stringify(payload ?? { action: 'opened', pull_request: { number: 1 } });
      const signature = await signGithub(TEST_SECRETS.github, body);
      const headers = {
        ...json,
        'x-hub-signature-256': signature,
        'x-github-delivery': id,
        'x-github-event': 'pull_request',
      };
      return { sourceId: sourceId ?? 't-github', headers, body };
    }
    case 'slack': {
      const body = JSON.stringify(
        payload ?? { type: 'event_callback', event_id: `Ev${id}`, event: { type: 'message' } },
      );
      const signature = `v0=${hmac(TEST_SECRETS.slack, `v0:${now}:${body}`, 'hex')}`;
      const headers = {
        ...json,
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(now),
      };
      return { sourceId: sourceId ?? 't-slack', headers, body };
    }
    case 'hubspot': {
      const target = sourceId ?? 't-hubspot';
      const body = JSON.stringify(
        payload ?? [{ eventId: 1, subscriptionType: 'contact.creation', objectId: 42 }],
      );
      const timestamp = String(Date.now());
      const uri = `${HUBSPOT_PUBLIC_BASE}/webhooks/${target}`;
      const signature = hmac(TEST_SECRETS.hubspot, `POST${uri}${body}${timestamp}`, 'base64');
      const headers = {
        ...json,
        'x-hubspot-signature-v3': signature,
        'x-hubspot-request-timestamp': timestamp,
      };
      return { sourceId: target, headers, body };
    }
    case 'shopify': {
      const body = JSON.stringify(payload ?? { id: 820982911946154508, email: 'jon@example.com' });
      const headers = {
        ...json,
        'x-shopify-hmac-sha256': hmac(TEST_SECRETS.shopify, body, 'base64'),
        'x-shopify-webhook-id': id,
        'x-shopify-topic': 'orders/create',
      };
      return { sourceId: sourceId ?? 't-shopify', headers, body };
    }
    case 'standard-webhooks': {
      const body = JSON.stringify(payload ?? { type: 'user.created', data: { id: 'u1' } });
      const signature = new Webhook(TEST_SECRETS.standardWebhooks).sign(
        id,
        new Date(now * 1_000),
        body,
      );
      const headers = {
        ...json,
        'webhook-id': id,
        'webhook-timestamp': String(now),
        'webhook-signature': signature,
      };
      return { sourceId: sourceId ?? 't-standard', headers, body };
    }
    case 'generic-hmac': {
      const body = JSON.stringify(payload ?? { kind: 'ping', n: id });
      const headers = {
        ...json,
        'x-signature': `sha256=${hmac(TEST_SECRETS.generic, body, 'hex')}`,
      };
      return { sourceId: sourceId ?? 't-generic', headers, body };
    }
    default:
      throw new Error(`no signer for ${provider}`);
  }
}
