import { describe, expect, it } from '@jest/globals';
import { compileFilter, parseConfig } from '@hookline/config';
import { type IntegrationEvent } from '@hookline/contracts';
import { matchRoutes } from './route-matcher.js';

const config = parseConfig(
  `version: 1
tenants:
  - id: acme
    destinations:
      - { id: orders, kind: http, url: 'http://127.0.0.1:9/x', secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=' }
    routes:
      - { id: all-billing, eventTypes: ['stripe.invoice.*'], destination: orders }
      - { id: big-only, eventTypes: ['stripe.*'], filter: 'data.amount_paid > 10000', destination: orders }
      - { id: github, eventTypes: ['github.*'], destination: orders }
  - id: other
    routes: []
`,
  {},
);

const event = (type: string, data: unknown, tenantId = 'acme') =>
  ({ type, data, tenantid: tenantId }) as IntegrationEvent;
const ids = (type: string, data: unknown, tenantId = 'acme') =>
  matchRoutes(config, event(type, data, tenantId)).routes.map((route) => route.id);

describe('matchRoutes', () => {
  it('selects routes of the event tenant by type glob and filter', () => {
    expect(ids('stripe.invoice.paid', { amount_paid: 500 })).toEqual(['all-billing']);
    expect(ids('stripe.invoice.paid', { amount_paid: 50_000 })).toEqual([
      'all-billing',
      'big-only',
    ]);
    expect(ids('github.push', {})).toEqual(['github']);
  });

  it('selects nothing for another tenant or an unknown type', () => {
    expect(ids('stripe.invoice.paid', {}, 'other')).toEqual([]);
    expect(ids('shopify.orders_create', {})).toEqual([]);
  });

  it('treats a filter over a missing field as no match rather than an error', () => {
    expect(compileFilter('data.customer.tier == "gold"')(event('x', {}))).toBe(false);
    expect(
      compileFilter('data.customer.tier == "gold"')(event('x', { customer: { tier: 'gold' } })),
    ).toBe(true);
    expect(ids('stripe.invoice.paid', {})).toEqual(['all-billing']);
  });

  it('reports a filter that fails on the data beside the routes that matched', () => {
    const match = matchRoutes(config, event('stripe.invoice.paid', { amount_paid: 'lots' }));
    expect(match.routes.map((route) => route.id)).toEqual(['all-billing']);
    expect(match.failed).toEqual([
      {
        route: expect.objectContaining({ id: 'big-only' }),
        reason: expect.stringMatching(/number/),
      },
    ]);
  });
});
