import { verifyBodySignature } from '../body-signature.js';
import { type ProviderAdapter } from '../provider.js';
import { NoSettings } from '../settings.js';
import { shopifyMappings } from './mappings.js';
import { bodyDigestKey, isRecord, readHeader } from '../webhook-request.js';

export const ShopifySettings = NoSettings;
export type ShopifySettings = NoSettings;

const SIGNATURE_HEADER = 'x-shopify-hmac-sha256';
const WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';
const TOPIC_HEADER = 'x-shopify-topic';
/** The same event delivered to several subscriptions, or again, keeps its event id. */
const EVENT_ID_HEADER = 'x-shopify-event-id';

/**
 * Shopify: `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the body, keyed with the app's
 * client secret. No timestamp is signed; replays are caught by the webhook id.
 */
export const shopifyProvider: ProviderAdapter<ShopifySettings> = {
  name: 'shopify',
  mediaTypes: ['application/json'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: ShopifySettings,

  verify(request, { secrets }) {
    return verifyBodySignature(request, secrets, { name: SIGNATURE_HEADER, encoding: 'base64' });
  },

  dedupKey(request) {
    return readHeader(request, WEBHOOK_ID_HEADER) ?? bodyDigestKey(request.rawBody);
  },

  /** `orders/create`, `products/update`, ... */
  eventType(request) {
    return readHeader(request, TOPIC_HEADER);
  },

  events(request, body) {
    return [
      {
        providerType: readHeader(request, TOPIC_HEADER) ?? 'webhook',
        externalId:
          readHeader(request, EVENT_ID_HEADER) ??
          readHeader(request, WEBHOOK_ID_HEADER) ??
          bodyDigestKey(request.rawBody),
        payload: body,
      },
    ];
  },

  mappings: shopifyMappings,

  subjectOf({ providerType, payload }) {
    const id = isRecord(payload) ? payload['id'] : undefined;
    if (typeof id !== 'number' && typeof id !== 'string') return undefined;
    return `shopify:${providerType.split('/')[0]?.replace(/s$/, '')}/${id}`;
  },
};
