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

const invoice = {
  id: 'in_9',
  object: 'invoice',
  customer: 'cus_1',
  amount_due: 500,
  amount_paid: 500,
  currency: 'usd',
  status: 'paid',
};
const only = (result: ReturnType<typeof normalizeWebhook>) => {
  expect(result.drifted).toEqual([]);
  expect(result.events).toHaveLength(1);
  return result.events[0]!.event;
};

describe('normalizeWebhook', () => {
  it('maps a known provider type to its canonical type, subject and entity data', () => {
    const body = Buffer.from(
      JSON.stringify({ id: 'evt_123', type: 'invoice.paid', data: { object: invoice } }),
    );
    const event = only(normalizeWebhook(envelope(), body));
    expect(IntegrationEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'billing.invoice.paid',
      subject: 'stripe:in_9',
      time: '2026-11-23T10:00:00.000Z',
      tenantid: 'acme',
      provider: 'stripe',
      providereventid: 'evt_123',
      idempotencykey: 'stripe:invoice.paid:evt_123',
      raweventid: 'raw_1',
      schemaversion: 1,
      data: invoice,
    });
    expect(event).not.toHaveProperty('receivedAt');
  });

  it('keeps an unmapped provider type as <provider>.<type> with the body as data', () => {
    const raw = { id: 'evt_5', type: 'payout.paid', data: { object: { id: 'po_1' } } };
    const event = only(
      normalizeWebhook(envelope({ dedupKey: 'evt_5' }), Buffer.from(JSON.stringify(raw))),
    );
    expect(event).toMatchObject({ type: 'stripe.payout.paid', subject: 'stripe:po_1', data: raw });
  });

  it('returns a drifted payload instead of an event, naming provider, type and path', () => {
    const body = Buffer.from(
      JSON.stringify({
        id: 'evt_1',
        type: 'invoice.paid',
        data: { object: { ...invoice, amount_paid: '5.00' } },
      }),
    );
    const result = normalizeWebhook(envelope(), body);
    expect(result.events).toEqual([]);
    expect(result.drifted.map((drift) => drift.message)).toEqual([
      'stripe invoice.paid payload does not fit its mapping at data.object.amount_paid: Invalid input: expected number, received string',
    ]);
  });

  it('gives a raw event the same event id every time (republishing is harmless)', () => {
    const body = Buffer.from('{}');
    const id = (rawEventId: string) => only(normalizeWebhook(envelope({ rawEventId }), body)).id;
    expect(id('raw_1')).toBe(id('raw_1'));
    expect(id('raw_2')).not.toBe(id('raw_1'));
  });

  it('makes one event per item of a HubSpot batch, each with its own ids', () => {
    const item = (eventId: number, subscriptionType: string, objectId: number) => ({
      eventId,
      subscriptionId: 1,
      portalId: 62515,
      occurredAt: 1,
      subscriptionType,
      objectId,
    });
    const batch = [
      item(11, 'contact.creation', 1),
      item(12, 'deal.deletion', 2),
      item(13, 'ticket.creation', 3),
    ];
    const result = normalizeWebhook(
      envelope({ provider: 'hubspot', sourceId: 'acme-hubspot', dedupKey: 'hubspot-events:x' }),
      Buffer.from(JSON.stringify(batch)),
    );
    expect(result.drifted).toEqual([]);
    expect(
      result.events.map(({ event }) => [
        event.type,
        event.subject,
        event.providereventid,
        event.idempotencykey,
      ]),
    ).toEqual([
      ['crm.contact.created', 'hubspot:62515/contact/1', '11', 'hubspot:contact.creation:11'],
      ['crm.deal.deleted', 'hubspot:62515/deal/2', '12', 'hubspot:deal.deletion:12'],
      ['hubspot.ticket.creation', 'hubspot:62515/ticket/3', '13', 'hubspot:ticket.creation:13'],
    ]);
    expect(new Set(result.events.map(({ event }) => event.id)).size).toBe(3);
    expect(result.events.map(({ mapped }) => mapped)).toEqual([true, true, false]);
  });

  it('reads the event type from headers where the provider puts it there, and parses forms', () => {
    const github = only(
      normalizeWebhook(
        envelope({ provider: 'github', headers: { 'x-github-event': 'star' }, dedupKey: 'd-1' }),
        Buffer.from('{"action":"created","repository":{"full_name":"octo/app"}}'),
      ),
    );
    expect(github).toMatchObject({ type: 'github.star.created', subject: 'github:octo/app' });
    const form = only(
      normalizeWebhook(
        envelope({ provider: 'slack', contentType: 'application/x-www-form-urlencoded' }),
        Buffer.from('command=%2Fdeploy&text=prod'),
      ),
    );
    expect(form.data).toEqual({ command: '/deploy', text: 'prod' });
    expect(form.type).toBe('slack.webhook');
  });
});
