import { describe, expect, it } from '@jest/globals';
import { canonicalEvents } from '../canonical/canonical-events.js';
import { buildRequest } from '../testing/request-builder.js';
import { stripeHydrator } from './hydration.js';
import { stripeProvider } from './index.js';

const thin = (related: unknown, extra = {}) => ({
  id: 'evt_test_65R9',
  object: 'v2.core.event',
  type: 'v1.billing.meter.error_report_triggered',
  livemode: false,
  created: '2026-12-01T10:00:00.000Z',
  related_object: related,
  ...extra,
});
const meterRef = { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' };

describe('stripe hydrator', () => {
  it('reads a thin event’s related object from its URL, on the connected account it names', () => {
    expect(stripeProvider.hydrator).toBe(stripeHydrator);
    expect(stripeHydrator.fetchesFor(thin(meterRef))).toEqual([
      { path: '/v1/billing/meters/mtr_1', object: 'billing.meter mtr_1' },
    ]);
    expect(stripeHydrator.fetchesFor(thin(meterRef, { context: 'acct_1' }))).toEqual([
      {
        path: '/v1/billing/meters/mtr_1',
        object: 'billing.meter mtr_1',
        headers: { 'stripe-context': 'acct_1' },
      },
    ]);
  });

  it('reads nothing for a snapshot event, a thin event without an object, or a URL off the API', () => {
    const snapshot = { id: 'evt_1', object: 'event', type: 'invoice.paid', data: { object: {} } };
    expect(stripeHydrator.fetchesFor(snapshot)).toEqual([]);
    expect(stripeHydrator.fetchesFor(thin(null))).toEqual([]);
    for (const url of ['https://evil.example/x', '//evil.example/x', 'v1/x'])
      expect(stripeHydrator.fetchesFor(thin({ ...meterRef, url }))).toEqual([]);
  });

  it('merges the object as data.object, which becomes the canonical event’s data and subject', () => {
    const meter = { id: 'mtr_1', object: 'billing.meter', status: 'active' };
    const hydrated = stripeHydrator.merge(
      thin(meterRef),
      new Map([['/v1/billing/meters/mtr_1', meter]]),
    );
    expect(hydrated).toEqual({ ...thin(meterRef), data: { object: meter } });
    const [outcome] = canonicalEvents(
      'stripe',
      stripeProvider,
      buildRequest(JSON.stringify(hydrated), {}),
      hydrated,
      'evt_test_65R9',
    );
    expect(outcome).toMatchObject({
      ok: true,
      event: {
        type: 'stripe.v1.billing.meter.error_report_triggered',
        subject: 'stripe:mtr_1',
        data: meter,
      },
    });
  });

  it('leaves an unhydrated thin event whole, about its related object', () => {
    const [outcome] = canonicalEvents(
      'stripe',
      stripeProvider,
      buildRequest(JSON.stringify(thin(meterRef)), {}),
      thin(meterRef),
      'evt_test_65R9',
    );
    expect(outcome).toMatchObject({
      ok: true,
      event: { subject: 'stripe:mtr_1', data: thin(meterRef) },
    });
  });
});
