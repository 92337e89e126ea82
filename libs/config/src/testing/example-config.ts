import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `hookline.example.yaml`. */
export const EXAMPLE_CONFIG_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../hookline.example.yaml',
);

/** The environment the example's `env:` secrets need. */
export const EXAMPLE_ENV = {
  ACME_STRIPE_WEBHOOK_SECRET: 'whsec_test_stripe_0123456789',
  ACME_GITHUB_WEBHOOK_SECRET: 'github-test-secret-0123456789',
  ACME_SLACK_SIGNING_SECRET: 'slack-test-signing-secret-0123456789',
} as const;

/** A small valid document to vary in tests. */
export function minimalConfig() {
  return {
    version: 1,
    tenants: [
      {
        id: 'acme',
        sources: [
          { id: 'acme-stripe', provider: 'stripe', secrets: ['stripe-secret-1'] },
          { id: 'acme-github', provider: 'github', secrets: ['github-secret-1'] },
          { id: 'acme-slack', provider: 'slack', secrets: ['env:SLACK_SECRET'] },
        ],
        destinations: [
          {
            id: 'acme-orders',
            kind: 'http',
            url: 'https://orders.example.com/hooks',
            secret: 'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=',
          },
        ],
        routes: [
          { id: 'billing', eventTypes: ['billing.*'], destination: 'acme-orders' },
          { id: 'github', eventTypes: ['github.*'], destination: 'acme-orders' },
        ],
      },
    ],
  };
}

export const MINIMAL_ENV = { SLACK_SECRET: 'slack-secret-from-env' } as const;
