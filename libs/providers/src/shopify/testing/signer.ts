import { type TestSigner, hmacSha256 } from '../../testing/test-signer.js';

/** Shopify's recipe: base64 HMAC-SHA256 of the body; the topic comes from the sample. */
export const shopifySigner: TestSigner = {
  defaultSample: 'orders-create',
  sign: ({ secret, body, id, sampleHeader }) => ({
    'x-shopify-hmac-sha256': hmacSha256(secret, body, 'base64'),
    'x-shopify-webhook-id': id,
    'x-shopify-event-id': `ev-${id}`,
    'x-shopify-topic': sampleHeader('x-shopify-topic', 'orders/create'),
  }),
};
