import { describe, expect, it } from '@jest/globals';
import { hubspotProvider } from './index.js';
import { hubspotHydrator } from './hydration.js';

const item = (subscriptionType: string, objectId: number, extra = {}) => ({
  eventId: objectId * 10,
  subscriptionId: 1,
  portalId: 62515,
  occurredAt: 1,
  subscriptionType,
  objectId,
  ...extra,
});

describe('hubspot hydrator', () => {
  it('is the adapter’s, reading HubSpot’s API', () => {
    expect(hubspotProvider.hydrator).toBe(hubspotHydrator);
    expect(hubspotHydrator.apiBaseUrl).toBe('https://api.hubapi.com');
  });

  it('reads each CRM object of a batch once, by its CRM v3 path; deletions not at all', () => {
    const batch = [
      item('contact.creation', 1),
      item('contact.propertyChange', 1, { propertyName: 'email', propertyValue: 'a@b.c' }),
      item('company.creation', 2),
      item('deal.propertyChange', 3, { propertyName: 'dealstage', propertyValue: 'won' }),
      item('deal.deletion', 4),
      item('contact.merge', 5, { primaryObjectId: 6, mergedObjectIds: [5] }),
      item('ticket.creation', 7),
      'not an item',
    ];
    expect(hubspotHydrator.fetchesFor(batch)).toEqual([
      { path: '/crm/v3/objects/contacts/1', object: 'contact 1' },
      { path: '/crm/v3/objects/companies/2', object: 'company 2' },
      { path: '/crm/v3/objects/deals/3', object: 'deal 3' },
      { path: '/crm/v3/objects/contacts/6', object: 'contact 6' },
    ]);
    expect(hubspotHydrator.fetchesFor([item('contact.deletion', 1)])).toEqual([]);
    expect(hubspotHydrator.fetchesFor('garbage')).toEqual([]);
  });

  it('adds each item’s object under `object` and leaves the rest as sent', () => {
    const contact = { id: '1', properties: { email: 'a@b.c' } };
    const batch = [item('contact.creation', 1), item('deal.deletion', 4)];
    const merged = hubspotHydrator.merge(batch, new Map([['/crm/v3/objects/contacts/1', contact]]));
    expect(merged).toEqual([{ ...batch[0], object: contact }, batch[1]]);
  });
});
