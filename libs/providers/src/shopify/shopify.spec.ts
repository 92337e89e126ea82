import { describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { type WebhookRequest } from '../provider.js';
import { buildRequest, readSample, withHeaders } from '../testing/request-builder.js';
import { shopifyProvider } from './index.js';

// Shopify's own verifier lives inside @shopify/shopify-api (not installed); the vectors
// follow Shopify's documented recipe: base64 HMAC-SHA256 of the raw body.
const SECRET = 'shpss_current_client_secret';
const OLD_SECRET = 'shpss_previous_client_secret';
const body = readSample(new URL('./samples/orders-create.json', import.meta.url));

function signed(secret = SECRET, signedBody: Buffer = body): WebhookRequest {
  return buildRequest(body, {
    'x-shopify-hmac-sha256': createHmac('sha256', secret).update(signedBody).digest('base64'),
    'x-shopify-topic': 'orders/create',
    'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    'x-shopify-shop-domain': 'example.myshopify.com',
  });
}

const verify = (request: WebhookRequest, secrets = [SECRET]) =>
  shopifyProvider.verify(request, { secrets }, {});

describe('shopify verify', () => {
  it('accepts a correctly signed request', () => {
    expect(verify(signed())).toEqual({ ok: true });
  });

  it('rejects a request signed with another secret', () => {
    expect(verify(signed('attacker'))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a request without X-Shopify-Hmac-Sha256', () => {
    const request = withHeaders(signed(), { 'x-shopify-hmac-sha256': undefined });
    expect(verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it.each([['not*base64'], ['c2hvcnQ='], ['ab'.repeat(32)]])(
    'reports %s as malformed',
    (header) => {
      const request = withHeaders(signed(), { 'x-shopify-hmac-sha256': header });
      expect(verify(request)).toEqual({ ok: false, reason: 'malformed-signature' });
    },
  );

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(body.toString().replace('403.00', '0.01'));
    expect(verify({ ...signed(), rawBody: tampered })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accepts a request signed with the older of two active secrets', () => {
    expect(verify(signed(OLD_SECRET), [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });

  it('verifies the raw bytes, not a re-encoding of them', () => {
    const latin1 = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"n":"é"} in Latin-1
    const request = buildRequest(latin1, {
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(latin1).digest('base64'),
    });
    expect(verify(request)).toEqual({ ok: true });
  });
});

describe('shopify dedupKey and eventType', () => {
  it('uses X-Shopify-Webhook-Id, else the body digest', () => {
    expect(shopifyProvider.dedupKey(signed(), {})).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    const withoutId = withHeaders(signed(), { 'x-shopify-webhook-id': undefined });
    const digest = createHash('sha256').update(body).digest('hex');
    expect(shopifyProvider.dedupKey(withoutId, {})).toBe(`sha256:${digest}`);
  });

  it('reads the topic header', () => {
    expect(shopifyProvider.eventType?.(signed(), undefined)).toBe('orders/create');
  });

  it('has no handshake', () => {
    expect(shopifyProvider.handshake).toBeUndefined();
  });
});
