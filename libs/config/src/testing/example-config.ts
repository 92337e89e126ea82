import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `hookline.example.yaml`. */
export const EXAMPLE_CONFIG_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../hookline.example.yaml',
);

/** The example needs no environment: its secrets are inline demo values. */
export const EXAMPLE_ENV: Record<string, string> = {};

/** The example's (demo-only) Stripe secret. */
export const EXAMPLE_STRIPE_SECRET = 'whsec_demo_only_stripe_secret';

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
