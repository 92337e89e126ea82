import { describe, expect, it } from '@jest/globals';
import { type StoredWebhook, ingestedKeyOf } from './ordering-key.js';

const webhook = (
  provider: string,
  body: unknown,
  overrides: Partial<StoredWebhook> = {},
): StoredWebhook => ({
  tenantId: 'acme',
  sourceId: `acme-${provider}`,
  provider,
  dedupKey: 'd-1',
  headers: {},
  contentType: 'application/json',
  body: Buffer.from(JSON.stringify(body)),
  receivedAt: new Date('2026-12-01T10:00:00Z'),
  ...overrides,
});

const hubspotItem = (eventId: number, objectId: number) => ({
  eventId,
  subscriptionId: 1,
  portalId: 62515,
  occurredAt: 1,
  subscriptionType: 'contact.creation',
  objectId,
});

describe('ingestedKeyOf', () => {
  it('keys a webhook by tenant and the entity it is about, so one source spreads over many keys', () => {
    const event = (id: string, object: string) => ({
      id,
      type: 'payout.paid',
      data: { object: { id: object } },
    });
    expect(ingestedKeyOf(webhook('stripe', event('evt_1', 'po_1')))).toBe('acme:stripe:po_1');
    expect(ingestedKeyOf(webhook('stripe', event('evt_2', 'po_1')))).toBe('acme:stripe:po_1');
    expect(ingestedKeyOf(webhook('stripe', event('evt_3', 'po_2')))).toBe('acme:stripe:po_2');
  });

  it('keys a batch about one entity by it, and a batch about several by its delivery', () => {
    expect(ingestedKeyOf(webhook('hubspot', [hubspotItem(1, 5), hubspotItem(2, 5)]))).toBe(
      'acme:hubspot:62515/contact/5',
    );
    expect(ingestedKeyOf(webhook('hubspot', [hubspotItem(1, 5), hubspotItem(2, 6)]))).toBe(
      'acme-hubspot:d-1',
    );
  });

  it('keys what it cannot read by the delivery', () => {
    expect(ingestedKeyOf(webhook('stripe', {}, { body: Buffer.from('not json') }))).toBe(
      'acme-stripe:d-1',
    );
    expect(
      ingestedKeyOf(webhook('slack', {}, { contentType: 'application/x-www-form-urlencoded' })),
    ).toBe('acme-slack:d-1');
    // No entity to read: the subject is the delivery itself.
    expect(ingestedKeyOf(webhook('generic-hmac', { kind: 'x' }))).toBe('acme:generic-hmac:d-1');
  });
});
