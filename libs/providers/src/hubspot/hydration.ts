import { type HydrationFetch, type Hydrator, uniqueFetches } from '../hydration.js';
import { isRecord, readStringField } from '../webhook-request.js';

/** CRM v3 object paths by the object type of a subscription (`contact.creation`). */
const OBJECT_PATHS: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
};

/** Actions after which the object can be read; a deleted one cannot. */
const READABLE_ACTIONS = new Set(['creation', 'propertyChange', 'merge', 'restore']);

/** The CRM object one batch item is about: the merged-into one for a merge. */
function fetchOf(item: unknown): HydrationFetch | undefined {
  if (!isRecord(item)) return undefined;
  const [objectType = '', action = ''] = (readStringField(item, 'subscriptionType') ?? '').split(
    '.',
  );
  const plural = OBJECT_PATHS[objectType];
  if (!plural || !READABLE_ACTIONS.has(action)) return undefined;
  const id = action === 'merge' ? item['primaryObjectId'] : item['objectId'];
  if (typeof id !== 'number' && typeof id !== 'string') return undefined;
  return {
    path: `/crm/v3/objects/${plural}/${encodeURIComponent(String(id))}`,
    object: `${objectType} ${id}`,
  };
}

const itemsOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : [body]);

/**
 * HubSpot's webhook items carry only ids (and one changed property): each item of a
 * contact, company or deal subscription is joined by its CRM object, read with
 * `GET /crm/v3/objects/{contacts|companies|deals}/{id}` (a private app's access token or
 * an OAuth token as the bearer), under `object` (`{ id, properties, createdAt,
 * updatedAt, archived }`). Deletions are not read.
 */
export const hubspotHydrator: Hydrator = {
  apiBaseUrl: 'https://api.hubapi.com',

  fetchesFor: (body) => uniqueFetches(itemsOf(body).map(fetchOf)),

  merge(body, fetched) {
    const merged = itemsOf(body).map((item) => {
      const fetch = fetchOf(item);
      const object = fetch && fetched.get(fetch.path);
      return object === undefined ? item : { ...(item as Record<string, unknown>), object };
    });
    return Array.isArray(body) ? merged : merged[0];
  },
};
