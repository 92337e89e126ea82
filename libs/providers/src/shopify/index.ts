import { verifyBodySignature } from '../body-signature.js';
import { type ProviderAdapter } from '../provider.js';
import { NoSettings } from '../settings.js';
import { bodyDigestKey, readHeader } from '../webhook-request.js';

export const ShopifySettings = NoSettings;
export type ShopifySettings = NoSettings;

const SIGNATURE_HEADER = 'x-shopify-hmac-sha256';
const WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';
const TOPIC_HEADER = 'x-shopify-topic';

/**
 * Shopify: `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the body, keyed with the app's
 * client secret. No timestamp is signed; replays are caught by the webhook id.
 */
export const shopifyProvider: ProviderAdapter<ShopifySettings> = {
  name: 'shopify',
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
};
