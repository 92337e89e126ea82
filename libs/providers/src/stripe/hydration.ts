import { type HydrationFetch, type Hydrator } from '../hydration.js';
import { isRecord, readStringField } from '../webhook-request.js';

/** What a thin event (`object: "v2.core.event"`) says it is about. */
function relatedObjectOf(body: unknown): HydrationFetch | undefined {
  if (!isRecord(body) || body['object'] !== 'v2.core.event') return undefined;
  const related = body['related_object'];
  const url = readStringField(related, 'url');
  // A path on the API itself: never another host, whatever the payload says.
  if (url === undefined || !url.startsWith('/') || url.startsWith('//')) return undefined;
  const context = readStringField(body, 'context');
  return {
    path: url,
    object: `${readStringField(related, 'type') ?? 'object'} ${readStringField(related, 'id') ?? url}`,
    // The connected account the event happened on.
    ...(context ? { headers: { 'stripe-context': context } } : {}),
  };
}

/**
 * Stripe's thin events carry only a reference to the object that changed
 * (`related_object: { id, type, url }`): it is read from `GET {url}` (the secret or
 * restricted key as the bearer, `Stripe-Context` for a connected account's event) and
 * merged as `data.object`, where a snapshot event carries it. Snapshot events
 * (`object: "event"`) already carry their object and are not read.
 */
export const stripeHydrator: Hydrator = {
  apiBaseUrl: 'https://api.stripe.com',

  fetchesFor(body) {
    const related = relatedObjectOf(body);
    return related ? [related] : [];
  },

  merge(body, fetched) {
    const related = relatedObjectOf(body);
    const object = related && fetched.get(related.path);
    if (object === undefined || !isRecord(body)) return body;
    const data = isRecord(body['data']) ? body['data'] : {};
    return { ...body, data: { ...data, object } };
  },
};
