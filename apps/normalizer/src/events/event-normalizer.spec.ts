import { describe, expect, it } from '@jest/globals';
import { IntegrationEvent, type RawWebhookEnvelope } from '@hookline/contracts';
import { normalizeWebhook } from './event-normalizer.js';

const envelope = (overrides: Partial<RawWebhookEnvelope> = {}): RawWebhookEnvelope => ({
  rawEventId: 'raw_1',
  tenantId: 'acme',
  sourceId: 'acme-stripe',
  provider: 'stripe',
  receivedAt: '2026-11-23T10:00:00.000Z',
  dedupKey: 'evt_123',
  headers: { 'content-type': 'application/json' },
  contentType: 'application/json',
  body: { base64: '' },
  ...overrides,
});

describe('normalizeWebhook', () => {
  it('keeps an unmapped provider type as <provider>.<type> with the body as data', () => {
    const body = Buffer.from(
      JSON.stringify({ id: 'evt_123', type: 'invoice.paid', data: { object: { id: 'in_9' } } }),
    );
    const event = normalizeWebhook(envelope(), body);
    expect(IntegrationEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'stripe.invoice.paid',
      subject: 'stripe:in_9',
      providerEventId: 'evt_123',
      idempotencyKey: 'stripe:invoice.paid:evt_123',
      rawEventId: 'raw_1',
      data: { id: 'evt_123', type: 'invoice.paid' },
    });
  });

  it('gives a raw event the same event id every time (republishing is harmless)', () => {
    const body = Buffer.from('{}');
    expect(normalizeWebhook(envelope(), body).id).toBe(normalizeWebhook(envelope(), body).id);
    expect(normalizeWebhook(envelope({ rawEventId: 'raw_2' }), body).id).not.toBe(
      normalizeWebhook(envelope(), body).id,
    );
  });

  it('reads the event type from headers where the provider puts it there, and parses forms', () => {
    const github = normalizeWebhook(
      envelope({ provider: 'github', headers: { 'x-github-event': 'push' }, dedupKey: 'd-1' }),
      Buffer.from('{"ref":"main"}'),
    );
    expect(github.type).toBe('github.push');
    const form = normalizeWebhook(
      envelope({ provider: 'slack', contentType: 'application/x-www-form-urlencoded' }),
      Buffer.from('command=%2Fdeploy&text=prod'),
    );
    expect(form.data).toEqual({ command: '/deploy', text: 'prod' });
    expect(form.type).toBe('slack.webhook');
  });
});
