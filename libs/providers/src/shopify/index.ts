import { type ProviderAdapter, rejected, verified } from '../provider.js';
import { NoSettings } from '../settings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
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
    const header = readHeader(request, SIGNATURE_HEADER);
    if (!header) return rejected('missing-signature');
    const signature = decodeSignature(header, 'base64', 'sha256');
    if (!signature) return rejected('malformed-signature');
    const matched = matchesAnySecret(
      secrets,
      (secret) => computeHmac('sha256', secret, [request.rawBody]),
      [signature],
    );
    return matched ? verified : rejected('bad-signature');
  },

  dedupKey(request) {
    return readHeader(request, WEBHOOK_ID_HEADER) ?? bodyDigestKey(request.rawBody);
  },

  /** `orders/create`, `products/update`, ... */
  eventType(request) {
    return readHeader(request, TOPIC_HEADER);
  },
};
